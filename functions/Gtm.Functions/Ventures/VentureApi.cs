using Gtm.Activities.Storage;
using Microsoft.Azure.Functions.Worker;
using Gtm.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Gtm.Functions.Ventures;

/// <summary>C12: a venture's state, its configuration versions with diffs, its lineage, and the transformation catalog.</summary>
public sealed class VentureApi(VentureStore ventures, ConfigVersionStore versions, LineageStore lineage, GtmStorage storage)
{
    [Function("GetVenture")]
    public async Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "ventures/{ventureId}")] HttpRequest request, string ventureId, CancellationToken cancellation) =>
        await ventures.GetAsync(ventureId, cancellation) is { } venture ? Results.Json(venture) : NotFound(ventureId);

    [Function("ListConfigVersions")]
    public async Task<IResult> ListVersionsAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "ventures/{ventureId}/versions")] HttpRequest request, string ventureId, CancellationToken cancellation)
    {
        IReadOnlyList<ConfigVersion> all = await versions.ListAsync(ventureId, cancellation);
        return all.Count == 0 ? NotFound(ventureId) : Results.Json(all.Select(v => new { v.Version, v.CreatedBy, v.Reason, v.CreatedAt, v.LastKnownGood }));
    }

    [Function("GetConfigVersion")]
    public async Task<IResult> GetVersionAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "ventures/{ventureId}/versions/{version:int}")] HttpRequest request, string ventureId, int version, CancellationToken cancellation) =>
        await versions.GetAsync(ventureId, version, cancellation) is { } found
            ? Results.Json(new { found.Version, found.CreatedBy, found.Reason, found.CreatedAt, found.LastKnownGood, config = System.Text.Json.JsonDocument.Parse(found.ConfigJson).RootElement })
            : Problems.Result(StatusCodes.Status404NotFound, "Version not found", $"Venture '{ventureId}' has no configuration version {version}.");

    [Function("DiffConfigVersions")]
    public async Task<IResult> DiffAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "ventures/{ventureId}/versions/{from:int}/diff/{to:int}")] HttpRequest request, string ventureId, int from, int to, CancellationToken cancellation)
    {
        ConfigVersion? left = await versions.GetAsync(ventureId, from, cancellation);
        ConfigVersion? right = await versions.GetAsync(ventureId, to, cancellation);
        return left is null || right is null
            ? Problems.Result(StatusCodes.Status404NotFound, "Version not found", $"Venture '{ventureId}' does not have both versions {from} and {to}.")
            : Results.Json(new { from, to, changes = JsonDiff.Compare(left.ConfigJson, right.ConfigJson) });
    }

    [Function("ListLineage")]
    public async Task<IResult> ListLineageAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "ventures/{ventureId}/lineage")] HttpRequest request, string ventureId, CancellationToken cancellation) =>
        Results.Json(await lineage.OutputsAsync(ventureId, cancellation));

    [Function("TraceLineage")]
    public async Task<IResult> TraceAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "ventures/{ventureId}/lineage/{**output}")] HttpRequest request, string ventureId, string output, CancellationToken cancellation)
    {
        IReadOnlyList<LineageRecord> trace = await lineage.TraceAsync(ventureId, output, cancellation);
        return trace.Count == 0
            ? Problems.Result(StatusCodes.Status404NotFound, "No lineage", $"Venture '{ventureId}' has no stored output '{output}'.")
            : Results.Json(trace);
    }

    [Function("ListTransformations")]
    public async Task<IResult> TransformationsAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "transformations")] HttpRequest request, CancellationToken cancellation) =>
        Results.Json(await TransformationCatalog.ListAsync(storage.Transformations, cancellation));

    private static IResult NotFound(string ventureId) =>
        Problems.Result(StatusCodes.Status404NotFound, "Venture not found", $"No venture with id '{ventureId}' has been through Stage 17.");
}
