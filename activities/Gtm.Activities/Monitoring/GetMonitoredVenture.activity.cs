using Gtm.Activities.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.Activities.Monitoring;

/// <summary>The venture's monitoring row, or null if it is not monitored.</summary>
public sealed class GetMonitoredVenture(MonitoringStore monitoring) : TaskActivity<string, MonitoredVenture?>
{
    [Function(nameof(GetMonitoredVenture))]
    public Task<MonitoredVenture?> Run([ActivityTrigger] string input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(GetMonitoredVenture), instanceId), input);

    public override Task<MonitoredVenture?> RunAsync(TaskActivityContext context, string input) => monitoring.GetAsync(input, CancellationToken.None);
}
