using System.Text.Json;
using Gtm.Domain.Experiments;

namespace Gtm.Domain.Tests.Experiments;

[Trait("Category", "Unit")]
public sealed class AbTestAnalysisTests
{
    private static readonly AbTestRules Rules = new();

    private static AbTestVerdict Evaluate(bool windowClosed, params (long Exposures, long Conversions)[] counts) => Evaluate(Rules, windowClosed, counts);

    private static AbTestVerdict Evaluate(AbTestRules rules, bool windowClosed, params (long Exposures, long Conversions)[] counts) =>
        AbTestAnalysis.Evaluate(
            [.. counts.Select((c, i) => new VariantCounts(((char)('a' + i)).ToString(), c.Exposures, c.Conversions))],
            [.. Enumerable.Repeat(1.0 / counts.Length, counts.Length)],
            rules,
            windowClosed);

    [Fact]
    public void A_variant_beating_the_control_is_the_winner_once_the_window_closes()
    {
        // P(b beats a) = 98.2 % (mpmath, see BetaBinomialProbabilityTests).
        AbTestVerdict verdict = Evaluate(windowClosed: true, (1000, 100), (1000, 130));

        Assert.Equal((AbTestOutcome.Winner, "b"), (verdict.Outcome, verdict.WinnerVariantId));
        Assert.Contains("b has 98.2 % to beat the control a (95.0 % needed)", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("rate 13.0 % on 1000 exposures against 10.0 % on 1000", verdict.Reason, StringComparison.Ordinal);
        Assert.Equal(["a", "b"], verdict.Variants.Select(v => v.VariantId));
        Assert.False(verdict.SampleRatio.Mismatch);
    }

    [Fact]
    public void No_winner_is_declared_while_the_window_is_open()
    {
        AbTestVerdict verdict = Evaluate(windowClosed: false, (1000, 100), (1000, 130));

        Assert.Equal((AbTestOutcome.Running, null), (verdict.Outcome, verdict.WinnerVariantId));
        Assert.Contains("b has 98.2 %", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("no winner is declared before the test window closes", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_win_probability_of_the_rules_is_the_bar()
    {
        Assert.Equal(AbTestOutcome.Winner, Evaluate(new AbTestRules(WinProbability: 0.98), true, (1000, 100), (1000, 130)).Outcome);
        Assert.Equal(AbTestOutcome.Inconclusive, Evaluate(new AbTestRules(WinProbability: 0.99), true, (1000, 100), (1000, 130)).Outcome);
    }

    [Fact]
    public void A_leader_short_of_the_bar_is_inconclusive_and_keeps_the_control()
    {
        // P(b beats a) = 76.7 % (mpmath, see BetaBinomialProbabilityTests).
        AbTestVerdict closed = Evaluate(windowClosed: true, (1000, 100), (1000, 110));
        AbTestVerdict open = Evaluate(windowClosed: false, (1000, 100), (1000, 110));

        Assert.Equal((AbTestOutcome.Inconclusive, null), (closed.Outcome, closed.WinnerVariantId));
        Assert.Contains("b has 76.7 % to beat the control a (95.0 % needed)", closed.Reason, StringComparison.Ordinal);
        Assert.Contains("The control stays", closed.Reason, StringComparison.Ordinal);
        Assert.Equal(AbTestOutcome.Running, open.Outcome);
        Assert.Contains("leader so far b", open.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_control_that_does_best_holds_and_the_test_is_inconclusive()
    {
        AbTestVerdict verdict = Evaluate(windowClosed: true, (1000, 130), (1000, 100), (1000, 110));

        Assert.Equal((AbTestOutcome.Inconclusive, null), (verdict.Outcome, verdict.WinnerVariantId));
        Assert.Contains("the control a is the most likely best", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("the nearest challenger, c", verdict.Reason, StringComparison.Ordinal);
        Assert.Equal(AbTestOutcome.Running, Evaluate(windowClosed: false, (1000, 130), (1000, 100)).Outcome);
    }

    [Fact]
    public void Below_the_minimum_sample_the_test_runs_and_a_closed_window_is_inconclusive()
    {
        AbTestVerdict open = Evaluate(windowClosed: false, (100, 10), (99, 40));
        AbTestVerdict closed = Evaluate(windowClosed: true, (100, 10), (99, 40));

        Assert.Equal((AbTestOutcome.Running, null), (open.Outcome, open.WinnerVariantId));
        Assert.Contains("b has 99; 100 needed per variant", open.Reason, StringComparison.Ordinal);
        Assert.Equal((AbTestOutcome.Inconclusive, null), (closed.Outcome, closed.WinnerVariantId));
        Assert.Contains("b has 99; 100 needed per variant", closed.Reason, StringComparison.Ordinal);
        Assert.Equal((AbTestOutcome.Winner, "b"), (Evaluate(true, (100, 10), (100, 40)).Outcome, Evaluate(true, (100, 10), (100, 40)).WinnerVariantId));
        Assert.Equal(AbTestOutcome.Inconclusive, Evaluate(new AbTestRules(MinExposuresPerVariant: 1500), true, (1000, 100), (1000, 150)).Outcome);
    }

    [Fact]
    public void A_sample_ratio_mismatch_overrides_everything_and_keeps_the_control()
    {
        // 5000 against 5500 of an intended half each: χ² = 2 · 250² / 5250 ≈ 23.8, p = erfc(√(χ²/2)) ≈ 1.06e-6 (mpmath).
        AbTestVerdict verdict = Evaluate(windowClosed: true, (5000, 500), (5500, 700));
        AbTestVerdict tooFewToo = Evaluate(windowClosed: false, (10, 1), (200, 100));

        Assert.Equal((AbTestOutcome.SampleRatioMismatch, null), (verdict.Outcome, verdict.WinnerVariantId));
        Assert.True(verdict.SampleRatio.Mismatch);
        Assert.Equal(2 * 250.0 * 250 / 5250, verdict.SampleRatio.ChiSquare, 1e-9);
        Assert.Contains("Sample ratio mismatch: exposures a 5000, b 5500 against intended shares 50.0 %, 50.0 %", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("(p = 1.06E-06, below 0.001)", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("control a stays", verdict.Reason, StringComparison.Ordinal);
        Assert.Equal(AbTestOutcome.SampleRatioMismatch, tooFewToo.Outcome);
    }

    [Fact]
    public void Unequal_intended_shares_are_respected()
    {
        VariantCounts[] variants = [new("control", 5000, 250), new("b", 2500, 175), new("c", 2500, 130)];

        AbTestVerdict verdict = AbTestAnalysis.Evaluate(variants, [0.5, 0.25, 0.25], Rules, windowClosed: true);

        Assert.False(verdict.SampleRatio.Mismatch);
        Assert.Equal((AbTestOutcome.Winner, "b"), (verdict.Outcome, verdict.WinnerVariantId));
        Assert.Equal(AbTestOutcome.SampleRatioMismatch, AbTestAnalysis.Evaluate(variants, [1.0 / 3, 1.0 / 3, 1.0 / 3], Rules, windowClosed: true).Outcome);
    }

    [Fact]
    public void Invalid_rules_and_mismatched_shares_are_rejected()
    {
        VariantCounts[] variants = [new("a", 100, 1), new("b", 100, 2)];

        Assert.Contains("/win_probability", Assert.Throws<ArgumentException>(() => AbTestAnalysis.Evaluate(variants, [0.5, 0.5], new AbTestRules(WinProbability: 0.4), true)).Message, StringComparison.Ordinal);
        Assert.Contains("3 intended shares for 2 variants", Assert.Throws<ArgumentException>(() => AbTestAnalysis.Evaluate(variants, [0.5, 0.25, 0.25], Rules, true)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Outcomes_serialise_in_snake_case()
    {
        Assert.Equal("\"sample_ratio_mismatch\"", JsonSerializer.Serialize(AbTestOutcome.SampleRatioMismatch));
        Assert.Equal(AbTestOutcome.Inconclusive, JsonSerializer.Deserialize<AbTestOutcome>("\"inconclusive\""));
    }
}
