using DurableTask.AzureStorage;
using Gtm.LocalRunner.Storage;
using Microsoft.Extensions.Logging;

namespace Gtm.LocalRunner.Durable;

/// <summary>
/// The task hub on Azure Storage: DurableTask.AzureStorage, the provider the Durable extension
/// uses in production, with host.json's settings mapped as the extension maps them.
/// </summary>
public static class AzureStorageTaskHub
{
    public static AzureStorageOrchestrationService Create(DurableTaskOptions options, HostStorage storage, string appName, ILoggerFactory loggers)
    {
        StorageProviderOptions provider = options.StorageProvider;
        TimeSpan polling = provider.MaxQueuePollingInterval;
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(storage.ConnectionString(provider.ConnectionName)),
            TaskHubName = options.HubName,
            AppName = appName,
            PartitionCount = provider.PartitionCount,
            ControlQueueBatchSize = provider.ControlQueueBatchSize,
            ControlQueueBufferThreshold = provider.ControlQueueBufferThreshold,
            ControlQueueVisibilityTimeout = provider.ControlQueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = provider.WorkItemQueueVisibilityTimeout,
            MaxQueuePollingInterval = polling,
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivityFunctions,
            MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestratorFunctions,
            ExtendedSessionsEnabled = options.ExtendedSessionsEnabled,
            ExtendedSessionIdleTimeout = TimeSpan.FromSeconds(Math.Max(options.ExtendedSessionIdleTimeoutInSeconds, 0)),
            UseTablePartitionManagement = provider.UseTablePartitionManagement,
            FetchLargeMessageDataEnabled = provider.FetchLargeMessagesAutomatically,
            ThrowExceptionOnInvalidDedupeStatus = true,
            LoggerFactory = loggers,
        };
        return new AzureStorageOrchestrationService(settings);
    }
}
