using Gtm.Activities.Storage;
using Gtm.Durable;

namespace Gtm.Activities.Monitoring;

/// <summary>The venture's monitoring row, or null if it is not monitored.</summary>
public sealed class GetMonitoredVenture(MonitoringStore monitoring) : TaskActivity<string, MonitoredVenture?>
{
    public override Task<MonitoredVenture?> RunAsync(TaskActivityContext context, string input) => monitoring.GetAsync(input, CancellationToken.None);
}
