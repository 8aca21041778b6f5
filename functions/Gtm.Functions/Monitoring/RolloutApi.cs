using System.Text.Json;
using Gtm.Activities.Storage;
using Gtm.Domain.Monitoring;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Azure.Functions.Worker;
using Gtm.Functions.Http;
using Gtm.Orchestrations;
using Microsoft.AspNetCore.Http;

namespace Gtm.Functions.Monitoring;

/// <summary>What the LEAD operator sends to roll out regenerated content, or to resume monitoring after an escalation.</summary>
public sealed record OperatorRequest(string? RequestedBy, string? Reason, double? StepHours = null);

/// <summary>
/// LEAD operations on a monitored venture (admin key, audited): roll out a new content version
/// safely (the ramp with guardrails of <see cref="VersionRollout"/>), and resume monitoring that an
/// escalation paused.
/// </summary>
public sealed class RolloutApi(MonitoringStore monitoring, AuditLog audit, MarketClock clock, TimeProvider time)
{
    [Function("StartRollout")]
    public async Task<IResult> RolloutAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "api/ventures/{ventureId}/rollouts")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        FunctionContext context,
        string ventureId,
        CancellationToken cancellation)
    {
        if (await ReadAsync(request, cancellation) is not { } body)
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "Invalid rollout request", "The body must be JSON with requestedBy, reason and optionally stepHours (above 0).");
        }

        if (await monitoring.GetAsync(ventureId, cancellation) is not { } venture)
        {
            return Problems.Result(StatusCodes.Status404NotFound, "Not monitored", $"Venture '{ventureId}' is not live.");
        }

        if (venture.Rollout is not null)
        {
            return Problems.Result(StatusCodes.Status409Conflict, "Rollout under way", $"Venture '{ventureId}' is rolling out already ({venture.Rollout}).");
        }

        DateTimeOffset now = time.GetUtcNow();
        string instanceId = $"rollout-{ventureId}-{now:yyyyMMddHHmmssfff}";
        await audit.AppendAsync(new AuditEntry(ventureId, body.RequestedBy!, "content rollout", body.Reason!, now, Instance: instanceId), cancellation);
        await client.ScheduleNewOrchestrationInstanceAsync(nameof(VersionRollout), new RolloutInput(ventureId, "operator", body.Reason!, body.RequestedBy!, StepHours: body.StepHours ?? 12, TimeScale: clock.Scale), new StartOrchestrationOptions(instanceId), cancellation);
        return await DurableStarts.AcceptedAsync(client, context, instanceId);
    }

    [Function("ResumeMonitoring")]
    public async Task<IResult> ResumeAsync([HttpTrigger(AuthorizationLevel.Admin, "post", Route = "api/ventures/{ventureId}/monitoring/resume")] HttpRequest request, string ventureId, CancellationToken cancellation)
    {
        if (await ReadAsync(request, cancellation) is not { } body)
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "Invalid request", "The body must be JSON with requestedBy and reason.");
        }

        DateTimeOffset now = time.GetUtcNow();
        MonitoredVenture? resumed = await monitoring.UpdateAsync(ventureId, row => row with { Paused = false, NextDueAt = now + row.Cadence }, cancellation);
        if (resumed is null)
        {
            return Problems.Result(StatusCodes.Status404NotFound, "Not monitored", $"Venture '{ventureId}' is not live.");
        }

        await audit.AppendAsync(new AuditEntry(ventureId, body.RequestedBy!, "monitoring resumed", body.Reason!, now), cancellation);
        return Results.Json(new { resumed.VentureId, resumed.NextDueAt });
    }

    private static async Task<OperatorRequest?> ReadAsync(HttpRequest request, CancellationToken cancellation)
    {
        try
        {
            OperatorRequest? body = await JsonSerializer.DeserializeAsync<OperatorRequest>(request.Body, JsonSerializerOptions.Web, cancellation);
            return body is { RequestedBy.Length: > 0, Reason.Length: > 0 } && body.StepHours is null or > 0 ? body : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
