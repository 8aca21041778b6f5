using Gtm.Durable.Backend;
using Gtm.Durable.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gtm.Durable;

/// <summary>Configures the engine: which tasks it runs, on which backend, and whether this process runs a worker.</summary>
public sealed class DurableTaskBuilder(IServiceCollection services)
{
    public IServiceCollection Services { get; } = services;

    public DurableTaskBuilder AddTasks(Action<DurableTaskRegistry> register)
    {
        ArgumentNullException.ThrowIfNull(register);
        Services.Configure<DurableTaskRegistry>(register);
        return this;
    }

    /// <summary>Keeps everything in process memory, on the registered <see cref="TimeProvider"/>.</summary>
    public DurableTaskBuilder UseInMemory()
    {
        Services.TryAddSingleton(TimeProvider.System);
        Services.RemoveAll<InMemoryOrchestrationService>();
        Services.AddSingleton<InMemoryOrchestrationService>();
        return UseBackend<InMemoryOrchestrationService>();
    }

    /// <summary>Uses a backend registered as <typeparamref name="TBackend"/> for both the worker and the client.</summary>
    public DurableTaskBuilder UseBackend<TBackend>() where TBackend : class, IOrchestrationService, IOrchestrationServiceClient
    {
        Services.RemoveAll<IOrchestrationService>();
        Services.RemoveAll<IOrchestrationServiceClient>();
        Services.AddSingleton<IOrchestrationService>(provider => provider.GetRequiredService<TBackend>());
        Services.AddSingleton<IOrchestrationServiceClient>(provider => provider.GetRequiredService<TBackend>());
        return this;
    }
}
