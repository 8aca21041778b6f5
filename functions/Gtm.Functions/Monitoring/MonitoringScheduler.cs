using Gtm.Activities.Storage;
using Gtm.Domain.Monitoring;
using Gtm.Functions.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Gtm.Orchestrations;
using Microsoft.Extensions.Logging;

namespace Gtm.Functions.Monitoring;

/// <summary>
/// Finds the ventures whose metrics are due and starts one evaluation per venture and slot. The
/// instance id is the venture and the slot, and a finished instance refuses a second start, so any
/// number of hosts and timer runs start each evaluation once. An evaluation that failed before
/// moving the schedule on is stepped past here, so one bad slot does not stop a venture's monitoring.
/// </summary>
public sealed partial class MonitoringScheduler(MonitoringStore monitoring, MarketClock clock, TimeProvider time, ILogger<MonitoringScheduler> logger)
{
    /// <returns>How many evaluations this call started.</returns>
    public async Task<int> StartDueAsync(DurableTaskClient client, CancellationToken cancellation)
    {
        IReadOnlyList<MonitoredVenture> due = await monitoring.DueAsync(time.GetUtcNow(), cancellation).ConfigureAwait(false);
        int started = 0;
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellation }, async (venture, token) =>
        {
            if (await StartAsync(client, new EvaluationInput(venture.VentureId, venture.NextDueAt, clock.Scale), token).ConfigureAwait(false))
            {
                Interlocked.Increment(ref started);
            }
        }).ConfigureAwait(false);
        return started;
    }

    private async Task<bool> StartAsync(DurableTaskClient client, EvaluationInput input, CancellationToken cancellation)
    {
        if (await client.StartOnceAsync(nameof(EvaluateVenture), input, input.InstanceId, cancellation).ConfigureAwait(false))
        {
            return true;
        }

        OrchestrationMetadata? existing = await client.GetInstanceAsync(input.InstanceId, cancellation: cancellation).ConfigureAwait(false);
        if (existing?.RuntimeStatus is OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated)
        {
            SlotSkipped(logger, input.VentureId, input.Slot, existing.RuntimeStatus);
            await monitoring.UpdateAsync(input.VentureId, row => row.DueAfter(input.Slot, time.GetUtcNow()), cancellation).ConfigureAwait(false);
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Evaluation of venture {VentureId} for slot {Slot} ended {Status}; its schedule moves on to the next slot")]
    private static partial void SlotSkipped(ILogger logger, string ventureId, DateTimeOffset slot, OrchestrationRuntimeStatus status);
}
