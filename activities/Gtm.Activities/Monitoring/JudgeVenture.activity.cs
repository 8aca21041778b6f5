using Gtm.Activities.Storage;
using Gtm.Domain.Monitoring;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Gtm.Activities.Monitoring;

/// <summary>
/// SPEC C5 and C6 for one slot: sums the campaigns' totals per channel (the snapshot), measures
/// each metric over its window (from the evaluation at the window's start, or launch), classifies
/// it, runs the decision table with what the previous evaluation, the recursion history and the
/// rollout state say, and records it all in one row. The same slot again returns that row, so a
/// retried activity decides nothing twice. An evaluation with no metric below its threshold marks
/// the live version last known good.
/// </summary>
public sealed partial class JudgeVenture(
    MonitoringStore monitoring,
    ThresholdStore thresholds,
    EvaluationStore evaluations,
    InterventionStore interventions,
    ConfigVersionStore versions,
    VentureStore ventures,
    MarketClock clock,
    ILogger<JudgeVenture> logger) : TaskActivity<JudgeInput, Judgement>
{
    [Function(nameof(JudgeVenture))]
    public Task<Judgement> Run([ActivityTrigger] JudgeInput input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(JudgeVenture), instanceId), input);

    public override async Task<Judgement> RunAsync(TaskActivityContext context, JudgeInput input)
    {
        CancellationToken none = CancellationToken.None;
        MonitoredVenture venture = await monitoring.GetAsync(input.VentureId, none) ?? throw new InvalidOperationException($"Venture '{input.VentureId}' is not monitored.");
        IReadOnlyList<ChannelTotals> totals = CampaignReading.PerChannel(input.Readings);
        var windowStarts = new WindowStarts(evaluations, venture, input.Slot);
        EvaluationRecord? recorded = await evaluations.GetAsync(input.VentureId, input.Slot, none);
        if (recorded is null)
        {
            IReadOnlyList<MetricThreshold> rows = await thresholds.ForVentureAsync(venture.VentureId, none);
            recorded = await evaluations.AddAsync(await EvaluateAsync(venture, input.Slot, totals, rows, windowStarts, none), none);
            Log(recorded);
        }

        if (ProvenGood(recorded) && await versions.LastKnownGoodAsync(input.VentureId, none) != recorded.ConfigVersion)
        {
            await versions.MarkLastKnownGoodAsync(input.VentureId, recorded.ConfigVersion, none);
        }

        await ventures.SetMonitoringAsync(input.VentureId, Summary(recorded.Verdict), recorded.Decisions.Count(d => d.Level is MetricLevel.Warning or MetricLevel.Breach or MetricLevel.Critical), none);
        (EvaluationRecord? dayAgo, _) = await windowStarts.ForAsync(clock.ToWall(TimeSpan.FromDays(1)), none);
        return new Judgement(
            new EvaluationRecordView(recorded.Slot, recorded.ConfigVersion, recorded.ContentGeneration, recorded.Decisions, recorded.Verdict),
            totals.Minus(dayAgo?.Totals ?? []));
    }

    /// <summary>The verdict as the venture list shows it: its action as the API names it, and why.</summary>
    private static string Summary(Verdict verdict) =>
        $"{System.Text.Json.JsonSerializer.Serialize(verdict.Action).Trim('"')}: {verdict.Reason}";

    /// <summary>No metric below its threshold, and at least one judged.</summary>
    private static bool ProvenGood(EvaluationRecord record) =>
        record.Decisions.All(d => d.Level is MetricLevel.Ok or MetricLevel.Warning or MetricLevel.InsufficientData)
        && record.Decisions.Any(d => d.Level != MetricLevel.InsufficientData);

    private async Task<EvaluationRecord> EvaluateAsync(MonitoredVenture venture, DateTimeOffset slot, IReadOnlyList<ChannelTotals> totals, IReadOnlyList<MetricThreshold> rows, WindowStarts windowStarts, CancellationToken cancellation)
    {
        IReadOnlyList<EvaluationRecord> before = await evaluations.BeforeAsync(venture.VentureId, slot, 1, cancellation);
        EvaluationRecord? previous = before.Count > 0 ? before[0] : null;
        (IReadOnlyDictionary<string, int> recursions, int rollbacks) = await interventions.RecentAsync(
            venture.VentureId, slot - clock.ToWall(DecisionTable.RecursionWindow), slot - clock.ToWall(DecisionTable.RollbackWindow), cancellation);
        TimeSpan sinceLaunch = clock.ToMarket(slot - venture.LaunchedAt);
        var readings = new List<MetricReading>();
        var decisions = new List<Decision>();
        foreach (MetricThreshold threshold in rows)
        {
            (EvaluationRecord? start, DateTimeOffset from) = await windowStarts.ForAsync(clock.ToWall(threshold.Period), cancellation);
            var measured = new MetricWindow(totals.Minus(start?.Totals ?? []), clock.ToMarket(slot - from));
            MetricReading reading = MetricReading.Classify(threshold, measured, sinceLaunch);
            Decision? last = previous?.Decisions.FirstOrDefault(d => d.Metric == threshold.Metric);
            readings.Add(reading);
            decisions.Add(DecisionTable.Decide(new DecisionInput(
                reading,
                threshold,
                last?.Level,
                last?.Value,
                previous is not null && previous.ContentGeneration != venture.ContentGeneration,
                last?.Action == DecisionAction.Hold ? last.Baseline : null,
                measured.Spend,
                recursions.GetValueOrDefault(threshold.Metric.RecursionTrigger()),
                venture.Rollout is not null,
                rollbacks)));
        }

        return new EvaluationRecord(venture.VentureId, slot, venture.ConfigVersion, venture.ContentGeneration, totals, readings, decisions, Verdict.From(decisions));
    }

    /// <summary>
    /// Where a window of a given length before the slot starts: the evaluation at or before that
    /// time, or launch. Metrics share lengths (most are daily), so each length is looked up once.
    /// </summary>
    private sealed class WindowStarts(EvaluationStore evaluations, MonitoredVenture venture, DateTimeOffset slot)
    {
        private readonly Dictionary<TimeSpan, EvaluationRecord?> found = [];

        public async Task<(EvaluationRecord? Start, DateTimeOffset From)> ForAsync(TimeSpan length, CancellationToken cancellation)
        {
            if (!found.TryGetValue(length, out EvaluationRecord? start))
            {
                found[length] = start = await evaluations.AtOrBeforeAsync(venture.VentureId, slot - length, cancellation);
            }

            return (start, start?.Slot ?? venture.LaunchedAt);
        }
    }

    private void Log(EvaluationRecord record)
    {
        foreach (Decision decision in record.Decisions.Where(d => d.Action != DecisionAction.None))
        {
            Decided(logger, record.VentureId, decision.Metric, decision.Rule, decision.Action, decision.Reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Venture {VentureId} {Metric}: {Rule} -> {Action}; {Reason}")]
    private static partial void Decided(ILogger logger, string ventureId, Metric metric, string rule, DecisionAction action, string reason);
}
