using Gtm.Domain.Monitoring;

namespace Gtm.Domain.Tests.Monitoring;

/// <summary>One test per row of the decision table, with its boundaries.</summary>
[Trait("Category", "Unit")]
public sealed class DecisionTableTests
{
    // Conversion for a B2B enterprise venture: target 3 %, alert 2.25 %, threshold 1.5 %, hard floor 1 %.
    private static readonly MetricThreshold Conversion = MetricThresholdDefaults.For("b2b_enterprise").Single(t => t.Metric == Metric.ConversionRate);

    private static DecisionInput Input(MetricLevel level, double? value, MetricLevel? previous = null, double? previousValue = null, bool changed = false, double? pending = null, decimal spend = 100, int recursions = 0, bool rollout = false, int rollbacks = 0) =>
        new(new MetricReading(Metric.ConversionRate, level, value, 500, level == MetricLevel.InsufficientData ? "sample of 50, 100 needed" : null), Conversion, previous, previousValue, changed, pending, spend, recursions, rollout, rollbacks);

    private static MetricReading Classify(double clicks, double conversions, double hours = 48) =>
        MetricReading.Classify(Conversion, new MetricWindow([new("google_ads", 10_000, (long)clicks, 0, (long)conversions, 100, 1000)], TimeSpan.FromDays(1)), TimeSpan.FromHours(hours));

    [Fact]
    public void Defaults_follow_the_spec()
    {
        Assert.Equal((0.03, 0.015, 0.0225, 0.01), (Conversion.Target, Conversion.Threshold, Conversion.Alert, Conversion.HardFloor));
        Assert.Equal(0.02, MetricThresholdDefaults.For("b2c_mass").Single(t => t.Metric == Metric.ConversionRate).Target);
        MetricThreshold roas = MetricThresholdDefaults.For("b2c_mass").Single(t => t.Metric == Metric.Roas);
        Assert.Equal((4.0, 2.0, 2.0), (roas.Target, roas.Threshold, roas.HardFloor));
        MetricThreshold withMargin = MetricThresholdDefaults.For("b2c_mass", grossMargin: 0.25m).Single(t => t.Metric == Metric.Roas);
        Assert.Equal((8.0, 4.0, 2.0), (withMargin.Target, withMargin.Threshold, withMargin.HardFloor));
        Assert.All(MetricThresholdDefaults.For("b2b_smb", 0.5m, 40), t => Assert.Empty(t.Validate()));
    }

    [Fact]
    public void Exactly_at_the_threshold_is_a_warning_and_exactly_at_the_alert_level_is_ok()
    {
        Assert.Equal(MetricLevel.Warning, Classify(1000, 15).Level);
        Assert.Equal(MetricLevel.Breach, Classify(1000, 14).Level);
        Assert.Equal(MetricLevel.Ok, Classify(10_000, 225).Level);
        Assert.Equal(MetricLevel.Breach, Classify(1000, 10).Level);
        Assert.Equal(MetricLevel.Critical, Classify(1000, 9).Level);
    }

    [Fact]
    public void Too_small_a_sample_or_too_early_is_insufficient_data_never_a_breach()
    {
        MetricReading small = Classify(99, 0);
        Assert.Equal(MetricLevel.InsufficientData, small.Level);
        Assert.Contains("100 needed", small.NotJudgedBecause, StringComparison.Ordinal);
        Assert.Equal(MetricLevel.InsufficientData, Classify(1000, 0, hours: 23).Level);
        Assert.Equal(MetricLevel.Critical, Classify(100, 0, hours: 24).Level);
        Decision decision = DecisionTable.Decide(Input(MetricLevel.InsufficientData, 0, previous: MetricLevel.Critical));
        Assert.Equal(("insufficient_data", DecisionAction.None), (decision.Rule, decision.Action));
    }

    [Fact]
    public void Ok_takes_no_action() => Assert.Equal(("ok", DecisionAction.None), Rule(Input(MetricLevel.Ok, 0.03)));

    [Fact]
    public void Warning_alerts_only() => Assert.Equal(("warning", DecisionAction.Alert), Rule(Input(MetricLevel.Warning, 0.02, previous: MetricLevel.Warning)));

    [Fact]
    public void One_hard_floor_breach_recurses_and_two_in_a_row_roll_back()
    {
        Assert.Equal(("recurse", DecisionAction.Recurse), Rule(Input(MetricLevel.Critical, 0.005, previous: MetricLevel.Ok)));
        Assert.Equal(("recurse", DecisionAction.Recurse), Rule(Input(MetricLevel.Critical, 0.005, previous: MetricLevel.Breach)));
        Decision twice = DecisionTable.Decide(Input(MetricLevel.Critical, 0.005, previous: MetricLevel.Critical));
        Assert.Equal(("hard_floor_sustained", DecisionAction.Rollback), (twice.Rule, twice.Action));
        Assert.Contains("0.005", twice.Reason, StringComparison.Ordinal);
        Assert.Equal((0.005, 0.015, 0.01), (twice.Value, twice.Threshold, twice.HardFloor));
    }

    [Fact]
    public void A_sustained_hard_floor_breach_with_spend_below_the_minimum_does_not_roll_back() =>
        Assert.Equal(("recurse", DecisionAction.Recurse), Rule(Input(MetricLevel.Critical, 0.005, previous: MetricLevel.Critical, spend: Conversion.MinSpend - 0.01m)));

    [Fact]
    public void A_breach_after_a_content_change_worse_than_before_is_held_then_rolled_back_if_confirmed()
    {
        Decision first = DecisionTable.Decide(Input(MetricLevel.Breach, 0.012, previous: MetricLevel.Ok, previousValue: 0.03, changed: true));
        Assert.Equal(("confirm_after_change", DecisionAction.Hold, 0.03), (first.Rule, first.Action, first.Baseline));
        Assert.Equal(("worse_than_previous_version", DecisionAction.Rollback), Rule(Input(MetricLevel.Breach, 0.012, previous: MetricLevel.Breach, previousValue: 0.012, pending: 0.03)));
    }

    [Fact]
    public void Exactly_ten_percent_worse_than_the_baseline_is_not_worse()
    {
        // 0.0135 is 10 % below a 0.015 baseline: within tolerance, so an ordinary breach.
        Assert.Equal(("recurse", DecisionAction.Recurse), Rule(Input(MetricLevel.Breach, 0.0135, previous: MetricLevel.Warning, previousValue: 0.015, changed: true)));
        Assert.Equal(("confirm_after_change", DecisionAction.Hold), Rule(Input(MetricLevel.Breach, 0.0134, previous: MetricLevel.Warning, previousValue: 0.015, changed: true)));
    }

    [Fact]
    public void A_breach_while_a_rollout_ramps_is_left_to_its_guardrails() =>
        Assert.Equal(("rollout_in_progress", DecisionAction.None), Rule(Input(MetricLevel.Breach, 0.012, previous: MetricLevel.Breach, rollout: true)));

    [Fact]
    public void A_rollback_due_again_within_a_week_of_the_last_escalates_instead_of_repeating()
    {
        Decision again = DecisionTable.Decide(Input(MetricLevel.Critical, 0.005, previous: MetricLevel.Critical, rollbacks: 1));
        Assert.Equal(("rollback_did_not_mend", DecisionAction.RollbackAndEscalate), (again.Rule, again.Action));
        Assert.Contains("rolled back 1 time(s) in the last week", again.Reason, StringComparison.Ordinal);
        Assert.Equal(("rollback_did_not_mend", DecisionAction.RollbackAndEscalate), Rule(Input(MetricLevel.Breach, 0.012, previous: MetricLevel.Breach, pending: 0.03, rollbacks: 2)));

        // A rollback long enough ago (none in the week) or a breach that would not roll back is judged as before.
        Assert.Equal(("hard_floor_sustained", DecisionAction.Rollback), Rule(Input(MetricLevel.Critical, 0.005, previous: MetricLevel.Critical)));
        Assert.Equal(("recurse", DecisionAction.Recurse), Rule(Input(MetricLevel.Breach, 0.012, previous: MetricLevel.Ok, rollbacks: 1)));
    }

    [Fact]
    public void A_sustained_hard_floor_breach_rolls_back_even_during_a_rollout() =>
        Assert.Equal(("hard_floor_sustained", DecisionAction.Rollback), Rule(Input(MetricLevel.Critical, 0.005, previous: MetricLevel.Critical, rollout: true)));

    [Fact]
    public void The_third_recursion_is_allowed_and_the_fourth_rolls_back_and_escalates()
    {
        Decision third = DecisionTable.Decide(Input(MetricLevel.Breach, 0.012, previous: MetricLevel.Breach, recursions: 2));
        Assert.Equal(("recurse", DecisionAction.Recurse, "GTM-003"), (third.Rule, third.Action, third.Trigger));
        Assert.Equal(("recursion_exhausted", DecisionAction.RollbackAndEscalate), Rule(Input(MetricLevel.Breach, 0.012, previous: MetricLevel.Breach, recursions: 3)));
    }

    [Fact]
    public void Each_metric_raises_its_own_trigger()
    {
        Assert.Equal(["GTM-001", "GTM-002", "GTM-003", "GTM-004"], Metrics.All.Select(m => m.RecursionTrigger()));
    }

    [Fact]
    public void The_verdict_prefers_escalation_then_rollback_then_recursion()
    {
        Decision recurse = DecisionTable.Decide(Input(MetricLevel.Breach, 0.012));
        Decision rollback = DecisionTable.Decide(Input(MetricLevel.Critical, 0.005, previous: MetricLevel.Critical));
        Decision escalate = DecisionTable.Decide(Input(MetricLevel.Breach, 0.012, recursions: 3));
        Assert.Equal(DecisionAction.Recurse, Verdict.From([recurse]).Action);
        Assert.Equal(["GTM-003"], Verdict.From([recurse, recurse]).Triggers);
        Assert.Equal(DecisionAction.Rollback, Verdict.From([recurse, rollback]).Action);
        Assert.Equal(DecisionAction.RollbackAndEscalate, Verdict.From([rollback, escalate, recurse]).Action);
        Assert.Equal(DecisionAction.None, Verdict.From([DecisionTable.Decide(Input(MetricLevel.Warning, 0.02))]).Action);
    }

    [Fact]
    public void Every_automatic_rule_is_listed_in_the_served_table()
    {
        string[] produced = ["insufficient_data", "ok", "warning", "hard_floor_sustained", "worse_than_previous_version", "rollback_did_not_mend", "rollout_in_progress", "confirm_after_change", "recursion_exhausted", "recurse"];
        Assert.All(produced, id => Assert.Contains(DecisionTable.Rules, r => r.Id == id));
    }

    [Theory]
    [InlineData(0.03, 0.015, 0.04, 0.01, "/alert")]
    [InlineData(0.03, 0.01, 0.02, 0.015, "/hard_floor")]
    [InlineData(0.03, 0.025, 0.02, 0.01, "/threshold")]
    [InlineData(0, 0, 0, 0, "/target")]
    [InlineData(0.03, 0.015, 0.0225, -1, "/hard_floor")]
    public void Inconsistent_thresholds_are_refused_naming_the_field(double target, double threshold, double alert, double floor, string pointer)
    {
        MetricThreshold bad = Conversion with { Target = target, Threshold = threshold, Alert = alert, HardFloor = floor };
        Assert.Contains(bad.Validate(), p => p.Pointer == pointer);
    }

    private static (string, DecisionAction) Rule(DecisionInput input)
    {
        Decision decision = DecisionTable.Decide(input);
        return (decision.Rule, decision.Action);
    }
}
