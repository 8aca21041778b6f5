namespace Gtm.Durable.Tests.Support;

/// <summary>One task hub per test class, started once and shared by its tests (instance ids keep them apart).</summary>
public abstract class HubFixture : IAsyncLifetime
{
    public TestHub Hub { get; private set; } = null!;

    /// <summary>The backend's own view, for tests that inject or inspect messages.</summary>
    public Backend.IOrchestrationServiceClient Backend => (Backend.IOrchestrationServiceClient)Hub.Services.GetService(typeof(Backend.IOrchestrationServiceClient))!;

    protected abstract void UseBackend(DurableTaskBuilder builder);

    protected virtual void Configure(DurableTaskOptions options) => options.StorageProvider.MaxDequeueCount = 3;

    public virtual async Task InitializeAsync() => Hub = await TestHub.StartAsync(UseBackend, Configure);

    public virtual async Task DisposeAsync() => await Hub.DisposeAsync();
}

public sealed class InMemoryHubFixture : HubFixture
{
    protected override void UseBackend(DurableTaskBuilder builder) => builder.UseInMemory();
}
