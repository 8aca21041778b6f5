using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gtm.LocalRunner.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Gtm.LocalRunner.Durable;

/// <summary>
/// Durable Functions' built-in HTTP API, served by the host (not by the app) at
/// <c>/runtime/webhooks/durabletask</c>: start an orchestrator function, an instance's status (with
/// custom status and, on request, history), a paged query, raise event, terminate, suspend,
/// resume, restart, rewind and purge. It takes a function or master key, as the runner's other
/// endpoints do.
/// </summary>
internal static class DurableHttpApi
{
    public const string Root = "/runtime/webhooks/durabletask";

    public static void MapDurableHttpApi(this IEndpointRouteBuilder endpoints)
    {
        RouteGroupBuilder api = endpoints.MapGroup(Root).AddEndpointFilter(async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<FunctionKeyAuthorizer>().IsAuthorized(context.HttpContext.Request, AuthorizationLevel.Function)
                ? await next(context)
                : Problem(StatusCodes.Status401Unauthorized, "A valid key is required", "Send a function or master key in the x-functions-key header or the code query parameter."));
        api.MapPost("/orchestrators/{functionName}/{instanceId?}", StartAsync);
        api.MapGet("/instances", QueryAsync);
        api.MapDelete("/instances", PurgeManyAsync);
        api.MapGet("/instances/{instanceId}", StatusAsync);
        api.MapDelete("/instances/{instanceId}", PurgeAsync);
        api.MapPost("/instances/{instanceId}/raiseEvent/{eventName}", (HttpRequest request, CoreDurableTaskClient client, string instanceId, string eventName, CancellationToken cancellation) =>
            OnRunningAsync(client, instanceId, async () => await client.RaiseEventAsync(instanceId, eventName, await ReadJsonAsync(request, cancellation), cancellation), cancellation));
        api.MapPost("/instances/{instanceId}/terminate", (CoreDurableTaskClient client, string instanceId, string? reason, CancellationToken cancellation) =>
            OnRunningAsync(client, instanceId, () => client.TerminateInstanceAsync(instanceId, reason, cancellation), cancellation));
        api.MapPost("/instances/{instanceId}/suspend", (CoreDurableTaskClient client, string instanceId, string? reason, CancellationToken cancellation) =>
            OnRunningAsync(client, instanceId, () => client.SuspendInstanceAsync(instanceId, reason, cancellation), cancellation));
        api.MapPost("/instances/{instanceId}/resume", (CoreDurableTaskClient client, string instanceId, string? reason, CancellationToken cancellation) =>
            OnRunningAsync(client, instanceId, () => client.ResumeInstanceAsync(instanceId, reason, cancellation), cancellation));
        api.MapPost("/instances/{instanceId}/restart", RestartAsync);
        api.MapPost("/instances/{instanceId}/rewind", RewindAsync);
    }

    /// <summary>The links of one instance, as <c>CreateHttpManagementPayload</c> gives them.</summary>
    public static JsonObject Links(HttpRequest request, string instanceId)
    {
        string instance = $"{request.Scheme}://{request.Host}{Root}/instances/{Uri.EscapeDataString(instanceId)}";
        string code = request.Query.TryGetValue("code", out var key) ? "code=" + Uri.EscapeDataString(key.ToString()) : "";
        string With(string path, string query = "") => instance + path + (query.Length + code.Length == 0 ? "" : "?" + string.Join('&', new[] { query, code }.Where(q => q.Length > 0)));
        return new JsonObject
        {
            ["id"] = instanceId,
            ["purgeHistoryDeleteUri"] = With(""),
            ["sendEventPostUri"] = With("/raiseEvent/{eventName}"),
            ["statusQueryGetUri"] = With(""),
            ["terminatePostUri"] = With("/terminate", "reason={text}"),
            ["rewindPostUri"] = With("/rewind", "reason={text}"),
            ["restartPostUri"] = With("/restart"),
            ["suspendPostUri"] = With("/suspend", "reason={text}"),
            ["resumePostUri"] = With("/resume", "reason={text}"),
        };
    }

    private static async Task<IResult> StartAsync(HttpRequest request, CoreDurableTaskClient client, OrchestratorFunctions orchestrators, string functionName, string? instanceId, CancellationToken cancellation)
    {
        if (!orchestrators.Names.Contains(functionName))
        {
            return Problem(StatusCodes.Status404NotFound, "Unknown orchestrator", $"No orchestrator function is named '{functionName}'.");
        }

        JsonElement? input;
        try
        {
            input = await ReadJsonAsync(request, cancellation);
        }
        catch (JsonException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid input", $"The body must be JSON: {ex.Message}");
        }

        try
        {
            string id = await client.ScheduleNewOrchestrationInstanceAsync(functionName, input, new Microsoft.DurableTask.StartOrchestrationOptions(instanceId), cancellation);
            JsonObject links = Links(request, id);
            return Results.Json(links, statusCode: StatusCodes.Status202Accepted).WithLocation((string)links["statusQueryGetUri"]!);
        }
        catch (global::DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException ex)
        {
            return Problem(StatusCodes.Status409Conflict, "Instance exists", ex.Message);
        }
    }

    private static async Task<IResult> StatusAsync(HttpRequest request, CoreDurableTaskClient client, string instanceId, CancellationToken cancellation)
    {
        OrchestrationMetadata? instance = await client.GetInstanceAsync(instanceId, Flag(request, "showInput", true), cancellation);
        if (instance is null)
        {
            return NotFound(instanceId);
        }

        JsonObject body = Status(instance);
        if (Flag(request, "showHistory", false))
        {
            body["historyEvents"] = await HistoryAsync(client, instanceId, cancellation);
        }

        return instance.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Completed => Results.Json(body),
            OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated => Results.Json(body, statusCode: StatusCodes.Status400BadRequest),
            _ => Results.Json(body, statusCode: StatusCodes.Status202Accepted).WithLocation((string)Links(request, instanceId)["statusQueryGetUri"]!, retryAfterSeconds: 1),
        };
    }

    private static async Task<IResult> QueryAsync(HttpRequest request, CoreDurableTaskClient client, CancellationToken cancellation)
    {
        OrchestrationQuery query;
        try
        {
            query = new OrchestrationQuery(
                CreatedFrom: Date(request, "createdTimeFrom"),
                CreatedTo: Date(request, "createdTimeTo"),
                Statuses: Statuses(request),
                InstanceIdPrefix: request.Query["instanceIdPrefix"].FirstOrDefault(),
                PageSize: int.TryParse(request.Query["top"], out int top) && top is > 0 and <= 1000 ? top : 100,
                FetchInputsAndOutputs: Flag(request, "showInput", false),
                ContinuationToken: request.Headers["x-ms-continuation-token"].FirstOrDefault());
        }
        catch (FormatException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid query", ex.Message);
        }

        await foreach (Microsoft.DurableTask.Page<OrchestrationMetadata> page in client.GetAllInstancesAsync(query).AsPages(query.ContinuationToken, query.PageSize).WithCancellation(cancellation))
        {
            if (page.ContinuationToken is { } next)
            {
                request.HttpContext.Response.Headers["x-ms-continuation-token"] = next;
            }

            return Results.Json(page.Values.Select(Status));
        }

        return Results.Json(Array.Empty<object>());
    }

    /// <summary>Starts a finished instance again with its input, under its own id or, with <c>restartWithNewInstanceId=true</c>, a new one.</summary>
    private static async Task<IResult> RestartAsync(HttpRequest request, CoreDurableTaskClient client, string instanceId, bool? restartWithNewInstanceId, CancellationToken cancellation)
    {
        OrchestrationMetadata? instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellation);
        if (instance is null)
        {
            return NotFound(instanceId);
        }

        if (!instance.IsCompleted && restartWithNewInstanceId != true)
        {
            return Problem(StatusCodes.Status409Conflict, "Instance still running", $"Instance '{instanceId}' is {instance.RuntimeStatus}; restart it under a new id (restartWithNewInstanceId=true) or wait until it ends.");
        }

        JsonElement? input = instance.SerializedInput is { } raw ? JsonDocument.Parse(raw).RootElement.Clone() : null;
        string id = await client.ScheduleNewOrchestrationInstanceAsync(instance.Name, input,
            new Microsoft.DurableTask.StartOrchestrationOptions(restartWithNewInstanceId == true ? null : instanceId), cancellation);
        JsonObject links = Links(request, id);
        return Results.Json(links, statusCode: StatusCodes.Status202Accepted).WithLocation((string)links["statusQueryGetUri"]!);
    }

    /// <summary>Replays a failed instance from its failed activities, where the provider can (Azure Storage can).</summary>
    private static async Task<IResult> RewindAsync(CoreDurableTaskClient client, global::DurableTask.Core.IOrchestrationService service, string instanceId, string? reason, CancellationToken cancellation)
    {
        OrchestrationMetadata? instance = await client.GetInstanceAsync(instanceId, cancellation);
        if (instance is null)
        {
            return NotFound(instanceId);
        }

        if (instance.RuntimeStatus != OrchestrationRuntimeStatus.Failed)
        {
            return Problem(StatusCodes.Status412PreconditionFailed, "Not failed", $"Only a failed instance can be rewound; '{instanceId}' is {instance.RuntimeStatus}.");
        }

        if (service is not global::DurableTask.AzureStorage.AzureStorageOrchestrationService azure)
        {
            return Problem(StatusCodes.Status501NotImplemented, "Rewind not supported", $"The task hub's provider ({service.GetType().Name}) cannot rewind.");
        }

        await azure.RewindTaskOrchestrationAsync(instanceId, reason ?? "rewound");
        return Results.Accepted();
    }

    private static async Task<IResult> PurgeAsync(CoreDurableTaskClient client, string instanceId, CancellationToken cancellation)
    {
        try
        {
            PurgeResult result = await client.PurgeInstanceAsync(instanceId, cancellation: cancellation);
            return result.PurgedInstanceCount == 0 ? NotFound(instanceId) : Results.Json(new { instancesDeleted = result.PurgedInstanceCount });
        }
        catch (InvalidOperationException ex)
        {
            return Problem(StatusCodes.Status409Conflict, "Instance still running", ex.Message);
        }
    }

    private static async Task<IResult> PurgeManyAsync(HttpRequest request, CoreDurableTaskClient client, CancellationToken cancellation)
    {
        try
        {
            var filter = new PurgeInstancesFilter(Date(request, "createdTimeFrom"), Date(request, "createdTimeTo"), Statuses(request));
            PurgeResult result = await client.PurgeAllInstancesAsync(filter, cancellation: cancellation);
            return result.PurgedInstanceCount == 0
                ? Problem(StatusCodes.Status404NotFound, "Nothing to purge", "No completed instance matches the filter.")
                : Results.Json(new { instancesDeleted = result.PurgedInstanceCount });
        }
        catch (FormatException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid filter", ex.Message);
        }
    }

    /// <summary>Raise, terminate, suspend and resume: 404 for an unknown instance, 410 for one that has finished, as Durable Functions answers.</summary>
    private static async Task<IResult> OnRunningAsync(CoreDurableTaskClient client, string instanceId, Func<Task> action, CancellationToken cancellation)
    {
        OrchestrationMetadata? instance = await client.GetInstanceAsync(instanceId, cancellation);
        if (instance is null)
        {
            return NotFound(instanceId);
        }

        if (instance.IsCompleted)
        {
            return Problem(StatusCodes.Status410Gone, "Instance finished", $"Instance '{instanceId}' is {instance.RuntimeStatus}.");
        }

        try
        {
            await action();
            return Results.Accepted();
        }
        catch (JsonException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid event payload", $"The body must be JSON: {ex.Message}");
        }
    }

    /// <summary>The status body, as Durable Functions' status endpoint gives it.</summary>
    private static JsonObject Status(OrchestrationMetadata instance)
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

        return status;
    }

    /// <summary>History events as the provider stores them, each with its event type named.</summary>
    private static async Task<JsonNode?> HistoryAsync(CoreDurableTaskClient client, string instanceId, CancellationToken cancellation)
    {
        string? json;
        try
        {
            json = await client.GetHistoryJsonAsync(instanceId, cancellation);
        }
        catch (NotImplementedException)
        {
            return null;
        }

        if (json is null || JsonNode.Parse(json) is not JsonArray events)
        {
            return null;
        }

        foreach (JsonObject item in events.OfType<JsonObject>())
        {
            if (item["EventType"] is JsonValue type && type.TryGetValue(out int number))
            {
                item["EventType"] = ((global::DurableTask.Core.History.EventType)number).ToString();
            }
        }

        return events;
    }

    private static async Task<JsonElement?> ReadJsonAsync(HttpRequest request, CancellationToken cancellation)
    {
        bool hasBody = request.ContentLength is > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        return hasBody ? await JsonSerializer.DeserializeAsync<JsonElement>(request.Body, cancellationToken: cancellation) : null;
    }

    private static IResult NotFound(string instanceId) =>
        Problem(StatusCodes.Status404NotFound, "Instance not found", $"No orchestration instance with id '{instanceId}' exists.");

    private static LocatedResult WithLocation(this IResult result, string location, int? retryAfterSeconds = null) => new LocatedResult(result, location, retryAfterSeconds);

    private static bool Flag(HttpRequest request, string name, bool otherwise) =>
        bool.TryParse(request.Query[name], out bool value) ? value : otherwise;

    private static DateTimeOffset? Date(HttpRequest request, string name) =>
        request.Query[name].FirstOrDefault() is { } text
            ? DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset value)
                ? value
                : throw new FormatException($"'{name}' must be an ISO 8601 date and time, not '{text}'.")
            : null;

    private static List<OrchestrationRuntimeStatus>? Statuses(HttpRequest request) =>
        request.Query["runtimeStatus"].FirstOrDefault() is { Length: > 0 } text
            ? [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s =>
                Enum.TryParse(s, ignoreCase: true, out OrchestrationRuntimeStatus status)
                    ? status
                    : throw new FormatException($"'runtimeStatus' has an unknown status '{s}'; known: {string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())}."))]
            : null;

    /// <summary>A payload as JSON; text the provider stores as it is (a failure message, a suspend reason) as a string.</summary>
    private static JsonNode? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return JsonValue.Create(json);
        }
    }

    /// <summary>A result with a Location header (and Retry-After while the instance runs).</summary>
    private sealed class LocatedResult(IResult inner, string location, int? retryAfterSeconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            if (retryAfterSeconds is { } seconds)
            {
                httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            return inner.ExecuteAsync(httpContext);
        }
    }

    /// <summary>An error as RFC 9457 problem details (<c>application/problem+json</c>).</summary>
    private static IResult Problem(int status, string title, string detail) => Results.Problem(detail, statusCode: status, title: title);
}
