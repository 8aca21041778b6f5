using System.Text.Json;
using Gtm.Activities.Launch;
using Gtm.Activities.Storage;
using Gtm.Channels;
using Gtm.Domain.Ventures;
using Microsoft.Azure.Functions.Worker;
using Gtm.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Gtm.Functions.Ventures;

/// <summary>C12: a venture's state, its configuration versions with diffs, its lineage, and the transformation catalog.</summary>
public sealed class VentureApi(VentureStore ventures, ConfigVersionStore versions, LineageStore lineage, GtmStorage storage, ChannelAdapters channels)
{
    private static readonly string[] SegmentTypes = ["b2b_enterprise", "b2b_smb", "b2c_mass", "b2c_premium"];

    /// <summary>
    /// The venture list, a page at a time in id order: <c>state</c> and <c>segment_type</c> filter,
    /// <c>q</c> finds text in the id or name, <c>after</c> continues from the previous page's <c>next</c>.
    /// </summary>
    [Function("ListVentures")]
    public async Task<IResult> ListAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/ventures")] HttpRequest request, CancellationToken cancellation)
    {
        IQueryCollection query = request.Query;
        if (QueryNumbers.WholeNumber(request, "page_size", 50, 200, out int size) is { } badSize)
        {
            return InvalidQuery(badSize);
        }

        string? segmentType = Filled(query["segment_type"]);
        if (segmentType is not null && !SegmentTypes.Contains(segmentType))
        {
            return InvalidQuery($"'segment_type' must be one of {string.Join(", ", SegmentTypes)}, not '{segmentType}'.");
        }

        string? text = Filled(query["q"]);
        if (text?.Length > 120)
        {
            return InvalidQuery("'q' is at most 120 characters.");
        }

        VenturePage page = await ventures.ListAsync(new VentureQuery(Filled(query["state"]), segmentType, text), Filled(query["after"]), size, cancellation);
        return Results.Json(new { ventures = page.Ventures, next = page.After });
    }

    /// <summary>Each launched campaign as its platform holds it now: running or paused, and its daily budget.</summary>
    [Function("ListVentureCampaigns")]
    public async Task<IResult> CampaignsAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/ventures/{ventureId}/campaigns")] HttpRequest request, string ventureId, CancellationToken cancellation)
    {
        if (await ventures.GetAsync(ventureId, cancellation) is not { } venture)
        {
            return NotFound(ventureId);
        }

        List<LaunchedCampaign> launched = venture.CampaignsJson is { } json ? JsonSerializer.Deserialize<List<LaunchedCampaign>>(json, ContractJson.Options)! : [];
        PlatformCampaign[] onPlatforms = await Task.WhenAll(launched.Select(c => channels.For(c.Channel).GetAsync(c.PlatformCampaignId, cancellation)));
        return Results.Json(onPlatforms.Select(p => new { p.Channel, p.CampaignId, p.PlatformCampaignId, status = p.Status.ToString().ToLowerInvariant(), p.DailyBudget, p.Currency }));
    }

    [Function("GetVenture")]
    public async Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/ventures/{ventureId}")] HttpRequest request, string ventureId, CancellationToken cancellation) =>
        await ventures.GetAsync(ventureId, cancellation) is { } venture ? Results.Json(venture) : NotFound(ventureId);

    private static string? Filled(Microsoft.Extensions.Primitives.StringValues value) => value.FirstOrDefault() is { Length: > 0 } text ? text.Trim() : null;

    private static IResult InvalidQuery(string detail) => Problems.Result(StatusCodes.Status400BadRequest, "Invalid venture query", detail);

    [Function("ListConfigVersions")]
    public async Task<IResult> ListVersionsAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/ventures/{ventureId}/versions")] HttpRequest request, string ventureId, CancellationToken cancellation)
    {
        IReadOnlyList<ConfigVersion> all = await versions.ListAsync(ventureId, cancellation);
        return all.Count == 0 ? NotFound(ventureId) : Results.Json(all.Select(v => new { v.Version, v.CreatedBy, v.Reason, v.CreatedAt, v.LastKnownGood }));
    }

    [Function("GetConfigVersion")]
    public async Task<IResult> GetVersionAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/ventures/{ventureId}/versions/{version:int}")] HttpRequest request, string ventureId, int version, CancellationToken cancellation) =>
        await versions.GetAsync(ventureId, version, cancellation) is { } found
            ? Results.Json(new { found.Version, found.CreatedBy, found.Reason, found.CreatedAt, found.LastKnownGood, config = System.Text.Json.JsonDocument.Parse(found.ConfigJson).RootElement })
            : Problems.Result(StatusCodes.Status404NotFound, "Version not found", $"Venture '{ventureId}' has no configuration version {version}.");

    [Function("DiffConfigVersions")]
    public async Task<IResult> DiffAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/ventures/{ventureId}/versions/{from:int}/diff/{to:int}")] HttpRequest request, string ventureId, int from, int to, CancellationToken cancellation)
    {
        ConfigVersion? left = await versions.GetAsync(ventureId, from, cancellation);
        ConfigVersion? right = await versions.GetAsync(ventureId, to, cancellation);
        return left is null || right is null
            ? Problems.Result(StatusCodes.Status404NotFound, "Version not found", $"Venture '{ventureId}' does not have both versions {from} and {to}.")
            : Results.Json(new { from, to, changes = JsonDiff.Compare(left.ConfigJson, right.ConfigJson) });
    }

    [Function("ListLineage")]
    public async Task<IResult> ListLineageAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/ventures/{ventureId}/lineage")] HttpRequest request, string ventureId, CancellationToken cancellation) =>
        Results.Json(await lineage.OutputsAsync(ventureId, cancellation));

    [Function("TraceLineage")]
    public async Task<IResult> TraceAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/ventures/{ventureId}/lineage/{**output}")] HttpRequest request, string ventureId, string output, CancellationToken cancellation)
    {
        IReadOnlyList<LineageRecord> trace = await lineage.TraceAsync(ventureId, output, cancellation);
        return trace.Count == 0
            ? Problems.Result(StatusCodes.Status404NotFound, "No lineage", $"Venture '{ventureId}' has no stored output '{output}'.")
            : Results.Json(trace);
    }

    [Function("ListTransformations")]
    public async Task<IResult> TransformationsAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/transformations")] HttpRequest request, CancellationToken cancellation) =>
        Results.Json(await TransformationCatalog.ListAsync(storage.Transformations, cancellation));

    private static IResult NotFound(string ventureId) =>
        Problems.Result(StatusCodes.Status404NotFound, "Venture not found", $"No venture with id '{ventureId}' has been through Stage 17.");
}
