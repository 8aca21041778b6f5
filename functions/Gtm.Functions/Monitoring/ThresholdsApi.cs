using System.Text.Json;
using Gtm.Activities.Storage;
using Gtm.Domain.Monitoring;
using Gtm.Domain.Ventures;
using Microsoft.Azure.Functions.Worker;
using Gtm.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Gtm.Functions.Monitoring;

/// <summary>What the LEAD operator sends to change one of a venture's thresholds: the whole row, who and why.</summary>
public sealed record ThresholdChange(string? ChangedBy, string? Reason, MetricThreshold? Threshold);

/// <summary>
/// C5 and C12: a venture's thresholds (function key) and the defaults per segment type; a change
/// by the LEAD operator only (admin key), validated as a whole and audited with who, when, the old
/// and new values, and why. A row changed meanwhile by someone else refuses the change (412).
/// </summary>
public sealed class ThresholdsApi(ThresholdStore thresholds, AuditLog audit, TimeProvider time)
{
    [Function("GetThresholds")]
    public async Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/ventures/{ventureId}/thresholds")] HttpRequest request, string ventureId, CancellationToken cancellation)
    {
        IReadOnlyList<MetricThreshold> rows = await thresholds.ForVentureAsync(ventureId, cancellation);
        return rows.Count == 0
            ? Problems.Result(StatusCodes.Status404NotFound, "Not monitored", $"Venture '{ventureId}' has no thresholds: it has not been launched.")
            : Results.Json(rows, ContractJson.Options);
    }

    [Function("GetDefaultThresholds")]
    public async Task<IResult> DefaultsAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/thresholds/defaults")] HttpRequest request, CancellationToken cancellation) =>
        Results.Json((await thresholds.DefaultsAsync(cancellation)).Select(d => new { segment_type = d.SegmentType, threshold = d.Threshold }), ContractJson.Options);

    [Function("ChangeThreshold")]
    public async Task<IResult> ChangeAsync([HttpTrigger(AuthorizationLevel.Admin, "put", Route = "api/ventures/{ventureId}/thresholds/{metric}")] HttpRequest request, string ventureId, string metric, CancellationToken cancellation)
    {
        if (!Metrics.TryParse(metric, out Metric which))
        {
            return Invalid($"'{metric}' is not a metric; known: {string.Join(", ", Metrics.All.Select(m => m.Name()))}.", []);
        }

        (ThresholdChange? change, string? unreadable) = await JsonBody.ReadAsAsync<ThresholdChange>(request, cancellation);
        if (unreadable is not null)
        {
            return Invalid($"The body must be JSON with changed_by, reason and threshold: {unreadable}", []);
        }

        if (change is not { ChangedBy: { Length: > 0 } who, Reason: { Length: > 0 } why, Threshold: { } row })
        {
            return Invalid("Say who changes it (changed_by), why (reason), and give the whole threshold row (threshold).", []);
        }

        row = row with { Metric = which };
        IReadOnlyList<(string Pointer, string Problem)> problems = row.Validate();
        if (problems.Count > 0)
        {
            return Invalid($"{problems.Count} problem(s) with the threshold; nothing was changed.", [.. problems.Select(p => new { pointer = "/threshold" + p.Pointer, message = p.Problem })]);
        }

        MetricThreshold? old;
        try
        {
            old = await thresholds.ReplaceAsync(ventureId, row, cancellation);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 412)
        {
            return Problems.Result(StatusCodes.Status412PreconditionFailed, "Changed meanwhile", "Someone changed this threshold at the same time; read it again and retry.");
        }

        if (old is null)
        {
            return Problems.Result(StatusCodes.Status404NotFound, "Not monitored", $"Venture '{ventureId}' has no thresholds: it has not been launched.");
        }

        await audit.AppendAsync(new AuditEntry(ventureId, who, $"threshold {which.Name()} changed", why, time.GetUtcNow(),
            JsonSerializer.Serialize(old, ContractJson.Options), JsonSerializer.Serialize(row, ContractJson.Options)), cancellation);
        return Results.Json(row, ContractJson.Options);
    }

    private static IResult Invalid(string detail, IReadOnlyList<object> errors) =>
        Problems.Result(StatusCodes.Status400BadRequest, "Invalid threshold change", detail, new Dictionary<string, object?> { ["errors"] = errors });
}
