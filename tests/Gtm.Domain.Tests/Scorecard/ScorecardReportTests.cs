using Gtm.Testing.Scorecard;

namespace Gtm.Domain.Tests.Scorecard;

/// <summary>The scorecard's arithmetic on a handful of ventures whose figures are known.</summary>
[Trait("Category", "Unit")]
public sealed class ScorecardReportTests
{
    private static VentureFacts Venture(
        string id,
        HiddenMarket market,
        string[]? decisions = null,
        string? mistake = null,
        bool accepted = true,
        bool launched = true,
        double seconds = 2,
        int steps = 5,
        int personSteps = 0,
        double[]? improvements = null,
        double[]? rollbackSeconds = null,
        decimal[]? spent = null,
        PilotRatios? pilot = null) =>
        new(id, market, mistake, accepted, launched && accepted, accepted && launched ? seconds : null, steps, personSteps, decisions ?? [],
            improvements ?? [], rollbackSeconds ?? [], spent ?? [], pilot);

    private static readonly VentureFacts[] Ventures =
    [
        Venture("a", new HiddenMarket(MarketCondition.Healthy), pilot: new PilotRatios(1.2, 1.0)),
        Venture("b", new HiddenMarket(MarketCondition.CopyFatigue), ["GTM-001"], improvements: [0.25], pilot: new PilotRatios(0.9, 1.0)),
        Venture("c", new HiddenMarket(MarketCondition.ExpensiveChannel, "meta"), ["GTM-002", "GTM-004"], improvements: [0.1]),
        Venture("d", new HiddenMarket(MarketCondition.BrokenLanding), ["GTM-003", HiddenMarket.Rollback], steps: 6, personSteps: 1, rollbackSeconds: [0.5], spent: [0m]),
        Venture("e", new HiddenMarket(MarketCondition.Healthy), mistake: "negative_budget", accepted: false, steps: 1, personSteps: 1),
        Venture("f", new HiddenMarket(MarketCondition.Healthy), mistake: "misspelt_field", accepted: true, launched: true, seconds: 9),
        Venture("g", new HiddenMarket(MarketCondition.ChannelSaturation, "email"), ["GTM-004"], launched: false),
    ];

    private static Promise Measure(string name) => ScorecardReport.Of(Ventures, new Random(3)).Promises.Single(p => p.Name == name);

    [Fact]
    public void Automation_counts_the_steps_no_person_took()
    {
        // 5 + 5 + 5 + 6 + 1 + 5 + 5 = 32 steps, 2 of them a person's.
        Assert.Equal(30.0 / 32, Measure("automation_level").Measured.Value);
        Assert.Equal(true, Measure("automation_level").Met);
    }

    [Fact]
    public void A_data_error_is_a_mistake_the_gates_let_through_or_an_accepted_venture_that_failed()
    {
        // f carried a mistake past the gates; g passed them and did not launch; e's mistake was caught.
        Assert.Equal(2.0 / 7, Measure("data_error_rate").Measured.Value);
        Assert.Equal(false, Measure("data_error_rate").Met);
    }

    [Fact]
    public void Recursion_accuracy_judges_each_decision_of_a_launched_venture_against_its_hidden_cause()
    {
        // Launched: a (nothing done, right), b (GTM-001, right), c (GTM-002 wrong, then GTM-004 right),
        // d (GTM-003 wrong, then the rollback right), f (nothing done, right): 5 of 7.
        Assert.Equal(5.0 / 7, Measure("recursion_accuracy").Measured.Value);
        ScorecardReport report = ScorecardReport.Of(Ventures, new Random(3));
        Assert.Equal(2, report.Confusion[("healthy", HiddenMarket.NoDecision)]);
        Assert.Equal(1, report.Confusion[("expensive_channel", "GTM-002")]);
        Assert.Equal(1, report.Confusion[("broken_landing", HiddenMarket.Rollback)]);
        Assert.False(report.Confusion.ContainsKey(("channel_saturation", "GTM-004")), "a venture that did not launch has no decisions to judge");
    }

    [Fact]
    public void Improvement_lift_and_rollback_figures_come_from_their_own_observations()
    {
        Assert.Equal(0.175, Measure("post_recursion_improvement").Measured.Value, 12);
        Assert.Equal(0.5, Measure("rollback_time_p95_s").Measured.Value);
        Assert.Equal((0.0, true), (Measure("spend_after_rollback").Measured.Value, Measure("spend_after_rollback").Met));

        // a: 1.2 / 1.0 - 1 = 0.2; b: 0.9 / 1.0 - 1 = -0.1.
        Assert.Equal(0.05, Measure("validated_content_lift").Measured.Value, 12);
        Assert.Equal(9, Measure("execution_time_p95_s").Measured.Value);
    }

    [Fact]
    public void A_promise_with_nothing_to_measure_is_neither_met_nor_missed()
    {
        ScorecardReport report = ScorecardReport.Of([Venture("a", new HiddenMarket(MarketCondition.Healthy))], new Random(3));

        Promise rollback = report.Promises.Single(p => p.Name == "rollback_time_p95_s");
        Assert.Equal((0, (bool?)null), (rollback.Measured.Count, rollback.Met));
    }

    [Theory]
    [InlineData(new[] { "GTM-002", "GTM-001" }, "GTM-001")]
    [InlineData(new[] { "GTM-002", "GTM-004" }, "GTM-004")]
    [InlineData(new[] { "GTM-003" }, "GTM-003")]
    [InlineData(new string[0], "none")]
    public void A_decision_is_labelled_by_what_the_product_acts_on_first(string[] triggers, string label) =>
        Assert.Equal(label, HiddenMarket.Label(triggers));
}
