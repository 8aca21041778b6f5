using Gtm.Durable.AzureStorage;
using Gtm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Gtm.Durable.Tests.Support;

/// <summary>A task hub on Azurite with a name unique to the test class; its storage is deleted afterwards.</summary>
public sealed class AzureHubFixture : HubFixture
{
    public string HubName { get; } = UniqueHubName();

    public string ConnectionString { get; private set; } = "";

    public static string UniqueHubName() => $"t{Guid.NewGuid():N}"[..24];

    public override async Task InitializeAsync()
    {
        ConnectionString = await Azurite.GetConnectionStringAsync();
        await base.InitializeAsync();
    }

    protected override void UseBackend(DurableTaskBuilder builder) => builder.UseAzureStorage(ConnectionString);

    protected override void Configure(DurableTaskOptions options)
    {
        base.Configure(options);
        ConfigureForTests(options, HubName);
    }

    /// <summary>Short leases and polling so crash recovery and idle hubs are quick in tests.</summary>
    public static void ConfigureForTests(DurableTaskOptions options, string hubName)
    {
        options.HubName = hubName;
        options.StorageProvider.MaxQueuePollingInterval = TimeSpan.FromMilliseconds(500);
        options.StorageProvider.ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(10);
        options.StorageProvider.WorkItemQueueVisibilityTimeout = TimeSpan.FromSeconds(10);
    }

    public override async Task DisposeAsync()
    {
        var service = Hub.Services.GetRequiredService<AzureStorageOrchestrationService>();
        await base.DisposeAsync();
        await service.DeleteAsync(CancellationToken.None);
    }
}
