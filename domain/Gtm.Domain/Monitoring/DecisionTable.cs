using System.Text.Json.Serialization;

namespace Gtm.Domain.Monitoring;

[JsonConverter(typeof(JsonStringEnumConverter<DecisionAction>))]
public enum DecisionAction
{
    [JsonStringEnumMemberName("none")]
    None,
    [JsonStringEnumMemberName("alert")]
    Alert,
    [JsonStringEnumMemberName("hold")]
    Hold,
    [JsonStringEnumMemberName("recurse")]
    Recurse,
    [JsonStringEnumMemberName("rollback")]
    Rollback,
    [JsonStringEnumMemberName("rollback_and_escalate")]
    RollbackAndEscalate,
}

/// <summary>What the table knows about one metric at one evaluation.</summary>
/// <param name="Previous">The metric's level at its previous judgment, if any.</param>
/// <param name="PreviousValue">The metric's value at its previous judgment.</param>
/// <param name="ContentChanged">The content generation judged now is not the one judged last time.</param>
/// <param name="PendingBaseline">The previous judgment held a breach after a change, against this baseline.</param>
/// <param name="RecursionsInWindow">Recursions of this metric's trigger in the last 30 days.</param>
/// <param name="RollbacksInWindow">Rollbacks of the venture in the last week (<see cref="DecisionTable.RollbackWindow"/>).</param>
public sealed record DecisionInput(
    MetricReading Reading,
    MetricThreshold Threshold,
    MetricLevel? Previous,
    double? PreviousValue,
    bool ContentChanged,
    double? PendingBaseline,
    decimal Spend,
    int RecursionsInWindow,
    bool RolloutInProgress,
    int RollbacksInWindow = 0);

/// <summary>A decision with the rule that made it and the numbers that drove it.</summary>
public sealed record Decision(
    Metric Metric,
    MetricLevel Level,
    string Rule,
    DecisionAction Action,
    string? Trigger,
    string Reason,
    double? Value,
    double Target,
    double Threshold,
    double Alert,
    double HardFloor,
    double? Baseline,
    decimal Spend,
    int RecursionsInWindow);

/// <summary>A row of the table, as the API serves it.</summary>
public sealed record DecisionRule(string Id, string When, DecisionAction Then);

/// <summary>
/// SPEC C6's decision table, in one place: the first row that matches decides. Too little data is
/// never judged; a hard-floor breach two evaluations in a row rolls back, as does a breach after a
/// content change that stays worse than the previous version's baseline; a breach while a new
/// version ramps up is left to the rollout's guardrails; a first breach after a change that is
/// worse than before is held for confirmation; a breach with the recursion budget spent rolls back
/// and escalates; any other breach recurses. A rollback due again within a week of the last one
/// also escalates: the restored version did not mend it, and rolling back again would only repeat
/// it every day. Rollbacks need spend above the row's minimum.
/// </summary>
public static class DecisionTable
{
    public const int RecursionBudget = 3;
    public static readonly TimeSpan RecursionWindow = TimeSpan.FromDays(30);

    /// <summary>How recent a rollback is that a new one would only repeat.</summary>
    public static readonly TimeSpan RollbackWindow = TimeSpan.FromDays(7);

    /// <summary>How much worse than the previous version's baseline counts as worse (10 %): noise is not a regression.</summary>
    public const double WorseTolerance = 0.10;

    public static readonly IReadOnlyList<DecisionRule> Rules =
    [
        new("insufficient_data", "too early after launch or too small a sample", DecisionAction.None),
        new("ok", "at or above the alert level", DecisionAction.None),
        new("warning", "between the threshold and the alert level", DecisionAction.Alert),
        new("hard_floor_sustained", "below the hard floor at this and the previous evaluation, with spend at or above the minimum", DecisionAction.Rollback),
        new("worse_than_previous_version", "below the threshold after a content change, more than 10 % worse than the previous version's baseline, at this and the previous evaluation, with spend at or above the minimum", DecisionAction.Rollback),
        new("rollback_did_not_mend", "either rollback row above, within a week of the venture's last rollback: the restored version does not mend it, so a person decides", DecisionAction.RollbackAndEscalate),
        new("rollout_in_progress", "below the threshold while a new version ramps up: its guardrails decide", DecisionAction.None),
        new("confirm_after_change", "below the threshold for the first time after a content change, more than 10 % worse than before", DecisionAction.Hold),
        new("recursion_exhausted", $"below the threshold with {RecursionBudget} recursions of its trigger in the last 30 days", DecisionAction.RollbackAndEscalate),
        new("recurse", "any other breach: re-run the part of the stage its trigger names (GTM-001 to GTM-004)", DecisionAction.Recurse),
        new("manual_rollback", "the LEAD operator rolls back by hand, at any time (POST /api/ventures/{id}/rollback)", DecisionAction.Rollback),
    ];

    public static Decision Decide(DecisionInput input)
    {
        MetricReading reading = input.Reading;
        MetricThreshold t = input.Threshold;
        bool spent = input.Spend >= t.MinSpend;
        double? baseline = input.PendingBaseline ?? (input.ContentChanged ? input.PreviousValue : null);
        bool worse = reading.Value is { } v && baseline is { } b && v < b * (1 - WorseTolerance);
        string values = $"{Name(reading)} {Format(reading.Value)} against threshold {Format(t.Threshold)}, hard floor {Format(t.HardFloor)}";
        Decision Make(string rule, DecisionAction action, string reason) => new(
            t.Metric, reading.Level, rule, action, action == DecisionAction.Recurse ? t.Metric.RecursionTrigger() : null, reason,
            reading.Value, t.Target, t.Threshold, t.Alert, t.HardFloor, baseline, input.Spend, input.RecursionsInWindow);

        switch (reading.Level)
        {
            case MetricLevel.InsufficientData:
                return Make("insufficient_data", DecisionAction.None, $"{Name(reading)} not judged: {reading.NotJudgedBecause}");
            case MetricLevel.Ok:
                return Make("ok", DecisionAction.None, $"{Name(reading)} {Format(reading.Value)} at or above the alert level {Format(t.Alert)}");
            case MetricLevel.Warning:
                return Make("warning", DecisionAction.Alert, $"{Name(reading)} {Format(reading.Value)} below the alert level {Format(t.Alert)}");
        }

        Decision RollBack(string rule, string reason) => input.RollbacksInWindow > 0
            ? Make("rollback_did_not_mend", DecisionAction.RollbackAndEscalate, $"{reason}, and rolled back {input.RollbacksInWindow} time(s) in the last week already")
            : Make(rule, DecisionAction.Rollback, reason);

        if (reading.Level == MetricLevel.Critical && input.Previous == MetricLevel.Critical && spent)
        {
            return RollBack("hard_floor_sustained", $"{values}: below the hard floor two evaluations in a row, {input.Spend:0.##} spent");
        }

        if (input.PendingBaseline is not null && worse && spent)
        {
            return RollBack("worse_than_previous_version", $"{values}: still more than 10 % below the previous version's {Format(baseline)}");
        }

        if (input.RolloutInProgress)
        {
            return Make("rollout_in_progress", DecisionAction.None, $"{values}: a new version is ramping up and its guardrails decide");
        }

        if (input.ContentChanged && worse)
        {
            return Make("confirm_after_change", DecisionAction.Hold, $"{values}: more than 10 % below the previous version's {Format(baseline)}; confirming at the next evaluation");
        }

        if (input.RecursionsInWindow >= RecursionBudget)
        {
            return Make("recursion_exhausted", DecisionAction.RollbackAndEscalate, $"{values}: {input.RecursionsInWindow} recursions of {t.Metric.RecursionTrigger()} in 30 days already");
        }

        return Make("recurse", DecisionAction.Recurse, $"{values}: {t.Metric.RecursionTrigger()} ({input.RecursionsInWindow + 1} of {RecursionBudget} in 30 days)");
    }

    private static string Name(MetricReading reading) => reading.Metric.Name();

    private static string Format(double? value) => value is { } v ? v.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture) : "none";
}
