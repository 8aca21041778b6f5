namespace Gtm.Testing.Scorecard;

/// <summary>A promise of the gap analysis, what was measured with its 95 % interval, and whether the measure meets it.</summary>
public sealed record Promise(string Name, string Target, Estimate Measured, bool? Met);

/// <summary>
/// The stage's promises (SPEC C14) measured over the ventures of a scorecard run, and the
/// confusion table of the decisions against the hidden causes.
/// </summary>
public sealed record ScorecardReport(IReadOnlyList<Promise> Promises, IReadOnlyDictionary<(string Cause, string Decision), int> Confusion)
{
    public static ScorecardReport Of(IReadOnlyList<VentureFacts> ventures, Random random)
    {
        ArgumentNullException.ThrowIfNull(ventures);
        VentureFacts[] launched = [.. ventures.Where(v => v.Launched)];
        Estimate automation = Intervals.Proportion(ventures.Sum(v => v.Steps - v.PersonSteps), ventures.Sum(v => v.Steps));
        Estimate execution = Intervals.Percentile95([.. launched.Select(v => v.StageSeconds).OfType<double>()], random);
        Estimate dataErrors = Intervals.Proportion(ventures.Count(DataError), ventures.Count);
        (HiddenMarket Market, string Decision)[] judged = [.. launched.SelectMany(Judged)];
        Estimate accuracy = Intervals.Proportion(judged.Count(j => j.Market.RightDecisions.Contains(j.Decision)), judged.Length);
        Estimate improvement = Intervals.Mean([.. launched.SelectMany(v => v.Improvements)]);
        Estimate rollback = Intervals.Percentile95([.. launched.SelectMany(v => v.RollbackSeconds)], random);
        decimal[] spent = [.. launched.SelectMany(v => v.SpendAfterRollback)];
        Estimate spend = spent.Length == 0 ? Estimate.None : new Estimate((double)spent.Sum(), (double)spent.Sum(), (double)spent.Sum(), spent.Length);
        Estimate lift = Intervals.Mean([.. launched.Select(v => v.Pilot).OfType<PilotRatios>().Where(p => p.Unvalidated > 0).Select(p => (p.Validated / p.Unvalidated) - 1)]);
        Promise[] promises =
        [
            new("automation_level", ">= 0.80", automation, Within(automation, 0.80, 1)),
            new("execution_time_p95_s", "< 7200", execution, Within(execution, 0, 7200 - 1e-9)),
            new("data_error_rate", "< 0.02", dataErrors, Within(dataErrors, 0, 0.02 - 1e-12)),
            new("recursion_accuracy", ">= 0.80", accuracy, Within(accuracy, 0.80, 1)),
            new("post_recursion_improvement", "0.20 to 0.30", improvement, Within(improvement, 0.20, 0.30)),
            new("rollback_time_p95_s", "< 3600", rollback, Within(rollback, 0, 3600 - 1e-9)),
            new("spend_after_rollback", "0", spend, spent.Length == 0 ? null : spend.Value == 0),
            new("validated_content_lift", "0.10 to 0.15", lift, Within(lift, 0.10, 0.15)),
        ];
        Dictionary<(string, string), int> confusion = judged.GroupBy(j => (j.Market.Name, j.Decision)).ToDictionary(g => g.Key, g => g.Count());
        return new ScorecardReport(promises, confusion);
    }

    /// <summary>
    /// A venture that failed because of its data: its input carried a mistake the entry gates let
    /// through, or it passed them and then failed downstream instead of launching.
    /// </summary>
    public static bool DataError(VentureFacts venture)
    {
        ArgumentNullException.ThrowIfNull(venture);
        return venture.Accepted && (venture.Mistake is not null || !venture.Launched);
    }

    /// <summary>Each decision of a launched venture against its hidden cause; a venture where nothing was done counts as one decision to do nothing.</summary>
    private static IEnumerable<(HiddenMarket Market, string Decision)> Judged(VentureFacts venture) =>
        (venture.Decisions.Count == 0 ? [HiddenMarket.NoDecision] : venture.Decisions).Select(d => (venture.Market, d));

    private static bool? Within(Estimate estimate, double low, double high) =>
        estimate.Count == 0 ? null : estimate.Value >= low && estimate.Value <= high;
}
