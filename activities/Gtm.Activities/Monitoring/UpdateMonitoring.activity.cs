using Gtm.Activities.Storage;
using Gtm.Durable;

namespace Gtm.Activities.Monitoring;

/// <summary>
/// Applies a change to the venture's monitoring row. Advancing the schedule moves the next due
/// time one cadence past the evaluated slot, skipping slots already past (a host that was down
/// does not replay a backlog). Idempotent: it states the end state.
/// </summary>
public sealed class UpdateMonitoring(MonitoringStore monitoring, TimeProvider time) : TaskActivity<MonitoringChange, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, MonitoringChange input)
    {
        DateTimeOffset now = time.GetUtcNow();
        MonitoredVenture? changed = await monitoring.UpdateAsync(input.VentureId, row =>
        {
            DateTimeOffset next = row.NextDueAt;
            if (input.AdvancePast is { } slot && next <= slot)
            {
                next = slot + row.Cadence;
                while (next <= now)
                {
                    next += row.Cadence;
                }
            }

            return row with
            {
                NextDueAt = next,
                ConfigVersion = input.ConfigVersion ?? row.ConfigVersion,
                ContentGeneration = input.ContentGeneration ?? row.ContentGeneration,
                Rollout = input.ClearRollout ? null : input.Rollout ?? row.Rollout,
                Paused = input.Paused ?? row.Paused,
            };
        }, CancellationToken.None);
        return changed is not null;
    }
}
