using Gtm.Functions.Declarations;

namespace Gtm.Functions.Functions.Monitoring;

/// <summary>
/// SPEC C5's timer (app setting <c>Gtm:MonitorSchedule</c>, every minute by default): starts the
/// evaluations that are due. A singleton across hosts through the timer's lease; the scheduler is
/// idempotent besides.
/// </summary>
public sealed class MonitorSchedule(MonitoringScheduler scheduler)
{
    [Function(nameof(MonitorSchedule))]
    public Task RunAsync([TimerTrigger("%Gtm:MonitorSchedule%")] TimerInfo timer, CancellationToken cancellation) => scheduler.StartDueAsync(cancellation);
}
