using Gtm.Activities.Storage;
using Gtm.Domain.Monitoring;
using Microsoft.Azure.Functions.Worker;
using Gtm.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Gtm.Functions.Monitoring;

/// <summary>C12 for monitoring: metric snapshots, decisions with their reasons, the decision table, the recursion and rollback history.</summary>
public sealed class MonitoringApi(EvaluationStore evaluations, InterventionStore interventions, MonitoringStore monitoring, ThresholdStore thresholds, MarketClock clock, TimeProvider time)
{
    /// <summary>The longest history a chart asks for: 90 days of hourly snapshots.</summary>
    private const int MaxSeriesDays = 90;

    /// <summary>
    /// Each metric per channel over the last <c>days</c> market days (30 unless said, at most 90), measured as
    /// the monitoring judges it, with the venture's target, alert and threshold for the lines.
    /// </summary>
    [Function("GetMetricSeries")]
    public async Task<IResult> SeriesAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/ventures/{ventureId}/metrics/series")] HttpRequest request, string ventureId, CancellationToken cancellation)
    {
        if (QueryNumbers.WholeNumber(request, "days", 30, MaxSeriesDays, out int days) is { } badDays)
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "Invalid days", badDays);
        }

        if (await monitoring.GetAsync(ventureId, cancellation) is not { } venture)
        {
            return Problems.Result(StatusCodes.Status404NotFound, "Not monitored", $"Venture '{ventureId}' is not monitored.");
        }

        DateTimeOffset now = time.GetUtcNow();
        DateTimeOffset from = Max(venture.LaunchedAt, now - clock.ToWall(TimeSpan.FromDays(days)));
        Task<IReadOnlyList<TotalsSnapshot>> reading = evaluations.TotalsSinceAsync(ventureId, from, cancellation);
        IReadOnlyList<MetricThreshold> rows = await thresholds.ForVentureAsync(ventureId, cancellation);
        IReadOnlyList<TotalsSnapshot> snapshots = await reading;
        return Results.Json(new
        {
            ventureId,
            venture.LaunchedAt,
            // The time axis: the window asked for, from launch at the earliest, to now.
            from = from.ToUnixTimeMilliseconds(),
            to = now.ToUnixTimeMilliseconds(),
            metrics = rows.Select(row => new
            {
                metric = row.Metric.Name(),
                row.Target,
                row.Alert,
                row.Threshold,
                row.HardFloor,
                row.Frequency,
                channels = MetricSeries.PerChannel(snapshots, row.Metric, clock.ToWall(row.Period), clock, venture.LaunchedAt)
                    .Select(s => new { s.Channel, at = s.At.Select(a => a.ToUnixTimeMilliseconds()), values = s.Values.Select(v => v is { } x ? Math.Round(x, 5) : (double?)null) }),
            }),
        });
    }

    [Function("ListMetricSnapshots")]
    public async Task<IResult> SnapshotsAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/ventures/{ventureId}/metrics")] HttpRequest request, string ventureId, CancellationToken cancellation)
    {
        IReadOnlyList<EvaluationRecord> latest = await evaluations.LatestAsync(ventureId, Take(request), cancellation);
        return Results.Json(latest.Select(e => new { e.Slot, e.ConfigVersion, e.ContentGeneration, e.Totals, e.Readings }));
    }

    [Function("ListDecisions")]
    public async Task<IResult> DecisionsAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/ventures/{ventureId}/decisions")] HttpRequest request, string ventureId, CancellationToken cancellation)
    {
        IReadOnlyList<EvaluationRecord> latest = await evaluations.LatestAsync(ventureId, Take(request), cancellation);
        return Results.Json(latest.Select(e => new { e.Slot, e.Verdict, e.Decisions }));
    }

    [Function("ListInterventions")]
    public async Task<IResult> HistoryAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/ventures/{ventureId}/history")] HttpRequest request, string ventureId, CancellationToken cancellation) =>
        Results.Json(await interventions.ListAsync(ventureId, cancellation));

    [Function("GetMonitoring")]
    public async Task<IResult> MonitoringAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/ventures/{ventureId}/monitoring")] HttpRequest request, string ventureId, CancellationToken cancellation) =>
        await monitoring.GetAsync(ventureId, cancellation) is { } venture
            ? Results.Json(new { venture.VentureId, venture.LaunchedAt, venture.NextDueAt, venture.Cadence, venture.ConfigVersion, venture.ContentGeneration, venture.Rollout, venture.Paused })
            : Problems.Result(StatusCodes.Status404NotFound, "Not monitored", $"Venture '{ventureId}' is not monitored.");

    [Function("GetDecisionTable")]
    public static IResult GetDecisionTable([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/decision-table")] HttpRequest request) =>
        Results.Json(new { recursionBudget = DecisionTable.RecursionBudget, recursionWindowDays = DecisionTable.RecursionWindow.TotalDays, worseTolerance = DecisionTable.WorseTolerance, rules = DecisionTable.Rules });

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static int Take(HttpRequest request) => int.TryParse(request.Query["take"], out int take) && take is > 0 and <= 500 ? take : 50;
}
