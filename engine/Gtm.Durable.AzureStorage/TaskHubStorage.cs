using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Gtm.Durable.AzureStorage;

/// <summary>
/// The storage a task hub lives in: one table partitioned by instance id, control queues for
/// wake-ups, one queue of activity work items, a poison queue and a blob container for large payloads.
/// </summary>
internal sealed class TaskHubStorage
{
    public TaskHubStorage(string connectionString, string hubName, int partitionCount)
    {
        string lower = hubName.ToLowerInvariant();
        var queueOptions = Configure(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None }, "queue");
        var tableOptions = Configure(new TableClientOptions(), "table");
        var blobOptions = Configure(new BlobClientOptions(), "blob");
        HubName = hubName;
        Table = new TableClient(connectionString, hubName, tableOptions);
        ControlQueues = [.. Enumerable.Range(0, partitionCount).Select(n => new QueueClient(connectionString, $"{lower}-control-{n:D2}", queueOptions))];
        ActivityQueue = new QueueClient(connectionString, $"{lower}-activities", queueOptions);
        PoisonQueue = new QueueClient(connectionString, $"{lower}-poison", queueOptions);
        Payloads = new BlobContainerClient(connectionString, $"{lower}-payloads", blobOptions);
    }

    public string HubName { get; }

    public TableClient Table { get; }

    public IReadOnlyList<QueueClient> ControlQueues { get; }

    public QueueClient ActivityQueue { get; }

    public QueueClient PoisonQueue { get; }

    public BlobContainerClient Payloads { get; }

    /// <summary>
    /// Every request is counted, and one that gets no answer is abandoned and retried after 15 s
    /// rather than the SDK's 100 s: a storage call that hangs must not hold up the hub for long.
    /// </summary>
    private static T Configure<T>(T options, string service) where T : ClientOptions
    {
        options.AddPolicy(new StorageRequestMetrics(service), HttpPipelinePosition.PerCall);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(15);
        return options;
    }

    /// <summary>The control queue of an instance: a stable hash, so every wake-up of an instance goes to the same queue.</summary>
    public QueueClient ControlQueueFor(string instanceId) => ControlQueues[(int)(Fnv1a(instanceId) % (uint)ControlQueues.Count)];

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken)
    {
        await Table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        foreach (QueueClient queue in ControlQueues.Append(ActivityQueue).Append(PoisonQueue))
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        await Payloads.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes everything the hub stored (tests and tear-down).</summary>
    public async Task DeleteAsync(CancellationToken cancellationToken)
    {
        await Table.DeleteAsync(cancellationToken).ConfigureAwait(false);
        foreach (QueueClient queue in ControlQueues.Append(ActivityQueue).Append(PoisonQueue))
        {
            await queue.DeleteIfExistsAsync(cancellationToken).ConfigureAwait(false);
        }

        await Payloads.DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static uint Fnv1a(string value)
    {
        uint hash = 2166136261;
        foreach (char c in value)
        {
            hash = (hash ^ c) * 16777619;
        }

        return hash;
    }
}
