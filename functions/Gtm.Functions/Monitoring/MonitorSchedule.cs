using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Gtm.Functions.Monitoring;

/// <summary>
/// SPEC C5's timer (app setting <c>Gtm:MonitorSchedule</c>, every minute by default): starts the
/// evaluations that are due. A singleton across hosts through the timer's lease; the scheduler is
/// idempotent besides.
/// </summary>
public sealed class MonitorSchedule(MonitoringScheduler scheduler)
{
    [Function(nameof(MonitorSchedule))]
    public Task RunAsync([TimerTrigger("%Gtm:MonitorSchedule%")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellation) =>
        scheduler.StartDueAsync(client, cancellation);
}
