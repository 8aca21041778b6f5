using DurableTask.AzureStorage;
using Gtm.LocalRunner.Durable;
using Gtm.LocalRunner.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gtm.LocalRunner.Tests.Support;

/// <summary>A client of a task hub on Azure Storage with no worker: how a test watches instances that runner processes run.</summary>
public sealed class TaskHubClient : IAsyncDisposable
{
    private readonly AzureStorageOrchestrationService service;

    private TaskHubClient(AzureStorageOrchestrationService service, string hub)
    {
        this.service = service;
        var serializer = new Azure.Core.Serialization.JsonObjectSerializer(new System.Text.Json.JsonSerializerOptions { PropertyNameCaseInsensitive = true });
        Durable = new CoreDurableTaskClient(service, new WorkerDataConverter(serializer), hub);
    }

    public DurableTaskClient Durable { get; }

    public static Task<TaskHubClient> StartAsync(string connection, string hub)
    {
        var storage = new HostStorage(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [HostStorage.DefaultConnection] = connection }).Build());
        var options = new DurableTaskOptions { HubName = hub };
        return Task.FromResult(new TaskHubClient(AzureStorageTaskHub.Create(options, storage, "test-client", NullLoggerFactory.Instance), hub));
    }

    public ValueTask DisposeAsync()
    {
        service.Dispose();
        return ValueTask.CompletedTask;
    }
}
