using DurableTask.Core.Exceptions;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Gtm.Functions.Http;

/// <summary>Starting orchestrations from functions, and the answer Durable Functions gives a starter.</summary>
public static class DurableStarts
{
    /// <summary>Every state an instance can be in: a start over an existing instance, whatever its state, is refused.</summary>
    private static readonly OrchestrationRuntimeStatus[] AnyState =
    [
        OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended,
        OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated,
    ];

    /// <summary>Starts the instance unless one with this id exists already (in any state).</summary>
    /// <returns>False when the instance existed: the request was a repeat.</returns>
    public static async Task<bool> StartOnceAsync(this DurableTaskClient client, TaskName orchestrator, object input, string instanceId, CancellationToken cancellation)
    {
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(instanceId).WithDedupeStatuses(AnyState), cancellation).ConfigureAwait(false);
            return true;
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return false;
        }
    }

    /// <summary>
    /// 202 Accepted with a Location to poll and the instance's management links as the body, built
    /// by the Durable extension for this request (under the Functions host they carry the host's key).
    /// </summary>
    public static async Task<IResult> AcceptedAsync(DurableTaskClient client, FunctionContext context, string instanceId)
    {
        HttpRequestData request = await context.GetHttpRequestDataAsync().ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Function '{context.FunctionDefinition.Name}' is not HTTP-triggered; it has no request to answer.");
        HttpManagementPayload links = client.CreateHttpManagementPayload(instanceId, request);
        return Results.Accepted(links.StatusQueryGetUri, links);
    }
}
