using System.Text.Json.Nodes;
using Gtm.Durable;
using Microsoft.AspNetCore.Http;

namespace Gtm.Functions.Durable;

/// <summary>
/// Durable Functions' HTTP management payload: a starter answers 202 with a Location header and
/// the links to poll, raise events, terminate, suspend, resume and purge the instance.
/// </summary>
public static class DurableHttp
{
    public const string InstancesRoute = "runtime/webhooks/durabletask/instances";

    public static ManagementLinks Links(HttpRequest request, string instanceId, string routePrefix)
    {
        string prefix = routePrefix.Length == 0 ? "" : "/" + routePrefix;
        string instance = $"{request.Scheme}://{request.Host}{prefix}/{InstancesRoute}/{Uri.EscapeDataString(instanceId)}";
        string code = request.Query.TryGetValue("code", out var key) ? $"code={Uri.EscapeDataString(key.ToString())}" : "";
        string Query(string path, string extra = "") =>
            instance + path + (code.Length + extra.Length == 0 ? "" : "?" + string.Join('&', new[] { extra, code }.Where(s => s.Length > 0)));
        return new ManagementLinks(
            instanceId,
            Query(""),
            Query("/raiseEvent/{eventName}"),
            Query("/terminate", "reason={text}"),
            Query("/suspend", "reason={text}"),
            Query("/resume", "reason={text}"),
            Query(""));
    }

    /// <summary>The 202 a starter returns: Location to poll and the management links as the body.</summary>
    public static IResult CheckStatusResponse(HttpRequest request, string instanceId, string routePrefix)
    {
        ManagementLinks links = Links(request, instanceId, routePrefix);
        return Results.Accepted(links.StatusQueryGetUri, links);
    }

    /// <summary>The status body, as Durable Functions' status endpoint gives it.</summary>
    public static JsonObject Status(OrchestrationMetadata instance, IReadOnlyList<Gtm.Durable.History.HistoryEvent>? history)
    {
        var status = new JsonObject
        {
            ["name"] = instance.Name,
            ["instanceId"] = instance.InstanceId,
            ["runtimeStatus"] = instance.RuntimeStatus.ToString(),
            ["input"] = Parse(instance.SerializedInput),
            ["customStatus"] = Parse(instance.SerializedCustomStatus),
            ["output"] = Parse(instance.SerializedOutput),
            ["createdTime"] = instance.CreatedAt,
            ["lastUpdatedTime"] = instance.LastUpdatedAt,
        };
        if (instance.FailureDetails is { } failure)
        {
            status["failureDetails"] = new JsonObject { ["errorType"] = failure.ErrorType, ["errorMessage"] = failure.ErrorMessage };
        }

        if (history is not null)
        {
            status["historyEvents"] = new JsonArray([.. history.Select(e => System.Text.Json.JsonSerializer.SerializeToNode(e, Gtm.Durable.Serialization.DataConverter.Default.Options))]);
        }

        return status;
    }

    private static JsonNode? Parse(string? json) => json is null ? null : JsonNode.Parse(json);
}

/// <summary>The management links of one instance (property names as Durable Functions gives them).</summary>
public sealed record ManagementLinks(
    string Id,
    string StatusQueryGetUri,
    string SendEventPostUri,
    string TerminatePostUri,
    string SuspendPostUri,
    string ResumePostUri,
    string PurgeHistoryDeleteUri);
