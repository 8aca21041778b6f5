using System.Globalization;

namespace Gtm.Domain.Experiments;

/// <summary>The verdict on an A/B test by the stopping rules of SPEC C8, applied in a fixed order.</summary>
public static class AbTestAnalysis
{
    /// <summary>
    /// <list type="number">
    /// <item>A sample-ratio mismatch makes the results untrustworthy: <see cref="AbTestOutcome.SampleRatioMismatch"/>, the control stays.</item>
    /// <item>A variant below the minimum exposures: <see cref="AbTestOutcome.Running"/> while the window is open,
    /// <see cref="AbTestOutcome.Inconclusive"/> once it has closed.</item>
    /// <item>The variant with the highest probability to be best, if it is not the control and beats the control with
    /// at least the win probability, is the <see cref="AbTestOutcome.Winner"/>, but only once the window has closed:
    /// the minimum duration guards against novelty effects and against stopping on an early peek.</item>
    /// <item>Otherwise the test is <see cref="AbTestOutcome.Running"/> while open and <see cref="AbTestOutcome.Inconclusive"/>
    /// once closed, which keeps the control.</item>
    /// </list>
    /// </summary>
    /// <param name="variants">2 to 5 variants, the control first.</param>
    /// <param name="intendedShares">The share of the pilot each variant was assigned, summing to 1.</param>
    /// <param name="windowClosed">The durable test window, at least the minimum duration, has ended.</param>
    public static AbTestVerdict Evaluate(IReadOnlyList<VariantCounts> variants, IReadOnlyList<double> intendedShares, AbTestRules rules, bool windowClosed)
    {
        ArgumentNullException.ThrowIfNull(rules);
        IReadOnlyList<(string Pointer, string Problem)> problems = rules.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"The A/B test rules are invalid: {string.Join("; ", problems.Select(p => $"{p.Pointer} {p.Problem}"))}.", nameof(rules));
        }

        ExperimentArguments.Variants(variants, nameof(variants));
        ExperimentArguments.Shares(intendedShares, variants.Count, nameof(intendedShares));
        SampleRatioCheck srm = SampleRatio.Check([.. variants.Select(v => v.Exposures)], intendedShares, rules.SrmAlpha);
        IReadOnlyList<VariantPosterior> posteriors = BetaBinomial.Analyse(variants);
        (AbTestOutcome outcome, string? winner, string reason) = Decide(posteriors, intendedShares, srm, rules, windowClosed);
        return new AbTestVerdict(outcome, winner, reason, posteriors, srm);
    }

    private static (AbTestOutcome, string?, string) Decide(IReadOnlyList<VariantPosterior> v, IReadOnlyList<double> shares, SampleRatioCheck srm, AbTestRules rules, bool windowClosed)
    {
        VariantPosterior control = v[0];
        if (srm.Mismatch)
        {
            return (AbTestOutcome.SampleRatioMismatch, null, Text(
                $"Sample ratio mismatch: exposures {string.Join(", ", v.Select(x => $"{x.VariantId} {x.Exposures}"))} against intended shares {string.Join(", ", shares.Select(Percent))} ",
                $"give chi-square {srm.ChiSquare:0.##} on {srm.DegreesOfFreedom} degrees of freedom (p = {srm.PValue:G3}, below {rules.SrmAlpha}); the results cannot be trusted, so the control {control.VariantId} stays."));
        }

        VariantPosterior[] lacking = [.. v.Where(x => x.Exposures < rules.MinExposuresPerVariant)];
        if (lacking.Length > 0)
        {
            string which = string.Join(", ", lacking.Select(x => $"{x.VariantId} has {x.Exposures}"));
            return windowClosed
                ? (AbTestOutcome.Inconclusive, null, Text($"The test window closed with too few exposures ({which}; {rules.MinExposuresPerVariant} needed per variant), so the control {control.VariantId} stays."))
                : (AbTestOutcome.Running, null, Text($"Too few exposures to judge yet ({which}; {rules.MinExposuresPerVariant} needed per variant)."));
        }

        VariantPosterior leader = v.MaxBy(x => x.ProbabilityToBeBest)!;
        string needed = Percent(rules.WinProbability);
        if (leader.VariantId == control.VariantId)
        {
            VariantPosterior challenger = v.Skip(1).MaxBy(x => x.ProbabilityToBeatControl)!;
            string holds = $"the control {control.VariantId} is the most likely best ({Percent(control.ProbabilityToBeBest)} to be best, rate {Percent(control.Rate)} on {control.Exposures} exposures); the nearest challenger, {challenger.VariantId}, has {Percent(challenger.ProbabilityToBeatControl)} to beat it ({needed} needed)";
            return windowClosed
                ? (AbTestOutcome.Inconclusive, null, Text($"Inconclusive: {holds}. The control stays."))
                : (AbTestOutcome.Running, null, Text($"Running: {holds}."));
        }

        string figures = $"{leader.VariantId} has {Percent(leader.ProbabilityToBeatControl)} to beat the control {control.VariantId} ({needed} needed) and {Percent(leader.ProbabilityToBeBest)} to be best, rate {Percent(leader.Rate)} on {leader.Exposures} exposures against {Percent(control.Rate)} on {control.Exposures}";
        bool beats = leader.ProbabilityToBeatControl >= rules.WinProbability;
        return (beats, windowClosed) switch
        {
            (true, true) => (AbTestOutcome.Winner, leader.VariantId, Text($"Winner: {figures}; expected loss {leader.ExpectedLoss * 100:0.####} percentage points.")),
            (true, false) => (AbTestOutcome.Running, null, Text($"Running: {figures}, but no winner is declared before the test window closes.")),
            (false, true) => (AbTestOutcome.Inconclusive, null, Text($"Inconclusive: the leader {figures}. The control stays.")),
            _ => (AbTestOutcome.Running, null, Text($"Running: the leader so far {figures}.")),
        };
    }

    private static string Percent(double p) => string.Create(CultureInfo.InvariantCulture, $"{p * 100:0.0} %");

    private static string Text(params FormattableString[] parts) => string.Concat(parts.Select(FormattableString.Invariant));
}
