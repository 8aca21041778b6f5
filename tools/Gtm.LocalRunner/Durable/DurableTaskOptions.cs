using Microsoft.Extensions.Configuration;

namespace Gtm.LocalRunner.Durable;

/// <summary>
/// host.json <c>extensions.durableTask</c>, with the Durable extension's names and defaults, for
/// the Azure Storage provider (the extension's <c>AzureStorageOptions</c> and <c>DurableTaskOptions</c>).
/// </summary>
public sealed class DurableTaskOptions
{
    public const string SectionPath = "extensions:durableTask";

    public string HubName { get; set; } = "TestHubName";

    /// <summary>The extension's default is 10 times the processor count.</summary>
    public int MaxConcurrentActivityFunctions { get; set; } = 10 * Environment.ProcessorCount;

    public int MaxConcurrentOrchestratorFunctions { get; set; } = 10 * Environment.ProcessorCount;

    public bool ExtendedSessionsEnabled { get; set; }

    public int ExtendedSessionIdleTimeoutInSeconds { get; set; } = 30;

    public StorageProviderOptions StorageProvider { get; set; } = new();

    public static DurableTaskOptions From(IConfiguration configuration)
    {
        var options = new DurableTaskOptions();
        configuration.GetSection(SectionPath).Bind(options);
        return options;
    }
}

/// <summary>host.json <c>extensions.durableTask.storageProvider</c> for Azure Storage.</summary>
public sealed class StorageProviderOptions
{
    public string ConnectionName { get; set; } = "AzureWebJobsStorage";

    public int PartitionCount { get; set; } = 4;

    public int ControlQueueBatchSize { get; set; } = 32;

    public int ControlQueueBufferThreshold { get; set; } = 256;

    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan WorkItemQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(30);

    public bool UseTablePartitionManagement { get; set; }

    public bool FetchLargeMessagesAutomatically { get; set; } = true;
}
