using Gtm.Activities.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.Activities.Monitoring;

/// <summary>Applies a change to the venture's monitoring row (<see cref="MonitoredVenture.DueAfter"/> for the schedule). Idempotent: it states the end state.</summary>
public sealed class UpdateMonitoring(MonitoringStore monitoring, TimeProvider time) : TaskActivity<MonitoringChange, bool>
{
    [Function(nameof(UpdateMonitoring))]
    public Task<bool> Run([ActivityTrigger] MonitoringChange input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(UpdateMonitoring), instanceId), input);

    public override async Task<bool> RunAsync(TaskActivityContext context, MonitoringChange input)
    {
        DateTimeOffset now = time.GetUtcNow();
        MonitoredVenture? changed = await monitoring.UpdateAsync(input.VentureId, row =>
            (input.AdvancePast is { } slot ? row.DueAfter(slot, now) : row) with
            {
                ConfigVersion = input.ConfigVersion ?? row.ConfigVersion,
                ContentGeneration = input.ContentGeneration ?? row.ContentGeneration,
                Rollout = input.ClearRollout ? null : row.Rollout,
                Paused = input.Paused ?? row.Paused,
            }, CancellationToken.None);
        return changed is not null;
    }
}
