using System.Text.Json;
using Gtm.Activities.Launch;
using Gtm.Activities.Storage;
using Gtm.Domain.Ventures;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Azure.Functions.Worker;
using Gtm.Functions.Http;
using Gtm.Orchestrations;
using Microsoft.AspNetCore.Http;

namespace Gtm.Functions.Ventures;

/// <summary>What the LEAD operator sends to roll a venture back by hand.</summary>
public sealed record ManualRollbackRequest(string RequestedBy, string Reason, int? ToVersion = null);

/// <summary>
/// POST /api/ventures/{id}/rollback (admin key): the LEAD operator rolls a venture back by hand to
/// the last known good or a named version. Recorded in the audit log with who, when, what and why.
/// </summary>
public sealed class ManualRollback(VentureStore ventures, ConfigVersionStore versions, AuditLog audit, TimeProvider time)
{
    [Function(nameof(ManualRollback))]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "api/ventures/{ventureId}/rollback")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        FunctionContext context,
        string ventureId,
        CancellationToken cancellation)
    {
        ManualRollbackRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<ManualRollbackRequest>(request.Body, JsonSerializerOptions.Web, cancellation);
        }
        catch (JsonException ex)
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "Invalid rollback request", $"The body must be JSON with requestedBy, reason and optionally toVersion: {ex.Message}");
        }

        if (body is null || string.IsNullOrWhiteSpace(body.RequestedBy) || string.IsNullOrWhiteSpace(body.Reason))
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "Invalid rollback request", "Say who asks (requestedBy) and why (reason).");
        }

        if (await ventures.GetAsync(ventureId, cancellation) is not { CampaignsJson: { } campaignsJson })
        {
            return Problems.Result(StatusCodes.Status404NotFound, "Venture not found", $"Venture '{ventureId}' has no launched campaigns to roll back.");
        }

        if (body.ToVersion is { } target && await versions.GetAsync(ventureId, target, cancellation) is null)
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "Unknown version", $"Venture '{ventureId}' has no version {target}.");
        }

        IReadOnlyList<LaunchedCampaign> campaigns = JsonSerializer.Deserialize<List<LaunchedCampaign>>(campaignsJson, ContractJson.Options)!;
        DateTimeOffset now = time.GetUtcNow();
        string instanceId = $"rollback-{ventureId}-{now:yyyyMMddHHmmssfff}";
        await audit.AppendAsync(new AuditEntry(ventureId, body.RequestedBy, $"manual rollback to {(body.ToVersion is { } v ? $"v{v}" : "last known good")}", body.Reason, now, Instance: instanceId), cancellation);
        await client.ScheduleNewOrchestrationInstanceAsync(nameof(RollbackSaga), new RollbackInput(ventureId, campaigns, body.Reason, body.RequestedBy, TargetVersion: body.ToVersion), new StartOrchestrationOptions(instanceId), cancellation);
        return await DurableStarts.AcceptedAsync(client, context, instanceId);
    }
}
