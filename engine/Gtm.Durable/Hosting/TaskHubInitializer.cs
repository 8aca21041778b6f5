using Gtm.Durable.Backend;
using Microsoft.Extensions.Hosting;

namespace Gtm.Durable;

/// <summary>Creates the task hub's storage at start-up, before any client call or worker poll needs it.</summary>
internal sealed class TaskHubInitializer(IOrchestrationServiceClient backend) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => backend.CreateIfNotExistsAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
