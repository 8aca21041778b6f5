using Gtm.Activities.Storage;
using Gtm.Domain.Monitoring;
using Microsoft.Azure.Functions.Worker;
using Gtm.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Gtm.Functions.Monitoring;

/// <summary>C12 for monitoring: metric snapshots, decisions with their reasons, the decision table, the recursion and rollback history.</summary>
public sealed class MonitoringApi(EvaluationStore evaluations, InterventionStore interventions, MonitoringStore monitoring)
{
    [Function("ListMetricSnapshots")]
    public async Task<IResult> SnapshotsAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "ventures/{ventureId}/metrics")] HttpRequest request, string ventureId, CancellationToken cancellation)
    {
        IReadOnlyList<EvaluationRecord> latest = await evaluations.LatestAsync(ventureId, Take(request), cancellation);
        return Results.Json(latest.Select(e => new { e.Slot, e.ConfigVersion, e.ContentGeneration, e.Totals, e.Readings }));
    }

    [Function("ListDecisions")]
    public async Task<IResult> DecisionsAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "ventures/{ventureId}/decisions")] HttpRequest request, string ventureId, CancellationToken cancellation)
    {
        IReadOnlyList<EvaluationRecord> latest = await evaluations.LatestAsync(ventureId, Take(request), cancellation);
        return Results.Json(latest.Select(e => new { e.Slot, e.Verdict, e.Decisions }));
    }

    [Function("ListInterventions")]
    public async Task<IResult> HistoryAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "ventures/{ventureId}/history")] HttpRequest request, string ventureId, CancellationToken cancellation) =>
        Results.Json(await interventions.ListAsync(ventureId, cancellation));

    [Function("GetMonitoring")]
    public async Task<IResult> MonitoringAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "ventures/{ventureId}/monitoring")] HttpRequest request, string ventureId, CancellationToken cancellation) =>
        await monitoring.GetAsync(ventureId, cancellation) is { } venture
            ? Results.Json(new { venture.VentureId, venture.LaunchedAt, venture.NextDueAt, venture.Cadence, venture.ConfigVersion, venture.ContentGeneration, venture.Rollout, venture.Paused })
            : Problems.Result(StatusCodes.Status404NotFound, "Not monitored", $"Venture '{ventureId}' is not monitored.");

    [Function("GetDecisionTable")]
    public static IResult GetDecisionTable([HttpTrigger(AuthorizationLevel.Function, "get", Route = "decision-table")] HttpRequest request) =>
        Results.Json(new { recursionBudget = DecisionTable.RecursionBudget, recursionWindowDays = DecisionTable.RecursionWindow.TotalDays, worseTolerance = DecisionTable.WorseTolerance, rules = DecisionTable.Rules });

    private static int Take(HttpRequest request) => int.TryParse(request.Query["take"], out int take) && take is > 0 and <= 500 ? take : 50;
}
