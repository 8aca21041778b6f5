using System.Text.Json;
using Gtm.Durable;
using Gtm.Functions.Declarations;
using Gtm.Functions.Durable;
using Gtm.Functions.Hosting;
using Gtm.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Gtm.Functions.Functions;

/// <summary>
/// Durable Functions' instance management over HTTP: status (202 while running, 200 when done),
/// a paged query, raise event, terminate, suspend, resume and purge. Function-level keys.
/// </summary>
public sealed class DurableManagement(DurableTaskClient client, IOptions<FunctionsHostOptions> host)
{
    private const string Instance = DurableHttp.InstancesRoute + "/{instanceId}";

    [Function("GetInstanceStatus")]
    public async Task<IResult> GetStatusAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Instance)] HttpRequest request, string instanceId, CancellationToken cancellation)
    {
        OrchestrationMetadata? instance = await client.GetInstanceAsync(instanceId, IsTrue(request, "showInput", true), cancellation);
        if (instance is null)
        {
            return NotFound(instanceId);
        }

        var history = IsTrue(request, "showHistory", false) ? await client.GetOrchestrationHistoryAsync(instanceId, cancellation) : null;
        var body = DurableHttp.Status(instance, history);
        if (instance.IsCompleted)
        {
            return Results.Json(body, statusCode: StatusCodes.Status200OK);
        }

        request.HttpContext.Response.Headers.Location = DurableHttp.Links(request, instanceId, host.Value.RoutePrefix).StatusQueryGetUri;
        request.HttpContext.Response.Headers.RetryAfter = "1";
        return Results.Json(body, statusCode: StatusCodes.Status202Accepted);
    }

    [Function("QueryInstances")]
    public async Task<IResult> QueryAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = DurableHttp.InstancesRoute)] HttpRequest request, CancellationToken cancellation)
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
                FetchInputsAndOutputs: IsTrue(request, "showInput", false),
                ContinuationToken: request.Headers["x-ms-continuation-token"].FirstOrDefault());
        }
        catch (FormatException ex)
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "Invalid query", ex.Message);
        }

        await foreach (Page<OrchestrationMetadata> page in client.GetAllInstancesAsync(query).AsPages(query.ContinuationToken, query.PageSize, cancellation))
        {
            if (page.ContinuationToken is { } next)
            {
                request.HttpContext.Response.Headers["x-ms-continuation-token"] = next;
            }

            return Results.Json(page.Values.Select(i => DurableHttp.Status(i, null)));
        }

        return Results.Json(Array.Empty<object>());
    }

    [Function("RaiseEvent")]
    public Task<IResult> RaiseEventAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Instance + "/raiseEvent/{eventName}")] HttpRequest request,
        string instanceId, string eventName, CancellationToken cancellation) =>
        OnInstanceAsync(instanceId, async () =>
        {
            JsonElement? payload = await JsonBody.ReadAsync(request, cancellation);
            await client.RaiseEventAsync(instanceId, eventName, payload, cancellation);
        });

    [Function("TerminateInstance")]
    public Task<IResult> TerminateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Instance + "/terminate")] HttpRequest request, string instanceId, CancellationToken cancellation) =>
        OnInstanceAsync(instanceId, () => client.TerminateInstanceAsync(instanceId, request.Query["reason"].FirstOrDefault(), cancellation));

    [Function("SuspendInstance")]
    public Task<IResult> SuspendAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Instance + "/suspend")] HttpRequest request, string instanceId, CancellationToken cancellation) =>
        OnInstanceAsync(instanceId, () => client.SuspendInstanceAsync(instanceId, request.Query["reason"].FirstOrDefault(), cancellation));

    [Function("ResumeInstance")]
    public Task<IResult> ResumeAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Instance + "/resume")] HttpRequest request, string instanceId, CancellationToken cancellation) =>
        OnInstanceAsync(instanceId, () => client.ResumeInstanceAsync(instanceId, request.Query["reason"].FirstOrDefault(), cancellation));

    [Function("PurgeInstanceHistory")]
    public async Task<IResult> PurgeAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = Instance)] HttpRequest request, string instanceId, CancellationToken cancellation)
    {
        PurgeResult result = await client.PurgeInstanceAsync(instanceId, cancellation);
        return result.PurgedInstanceCount == 0 ? NotFound(instanceId) : Results.Json(new { instancesDeleted = result.PurgedInstanceCount });
    }

    private static async Task<IResult> OnInstanceAsync(string instanceId, Func<Task> action)
    {
        try
        {
            await action();
            return Results.Accepted();
        }
        catch (OrchestrationNotFoundException)
        {
            return NotFound(instanceId);
        }
        catch (JsonException ex)
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "Invalid event payload", $"The body must be JSON: {ex.Message}");
        }
    }

    private static IResult NotFound(string instanceId) =>
        Problems.Result(StatusCodes.Status404NotFound, "Instance not found", $"No orchestration instance with id '{instanceId}' exists.");

    private static bool IsTrue(HttpRequest request, string name, bool otherwise) =>
        bool.TryParse(request.Query[name], out bool value) ? value : otherwise;

    private static DateTimeOffset? Date(HttpRequest request, string name) =>
        request.Query[name].FirstOrDefault() is { } text
            ? DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out DateTimeOffset value)
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
}
