using System.Threading.Channels;
using Azure.Data.Tables;
using Gtm.Durable.Backend;
using Gtm.Durable.History;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gtm.Durable.AzureStorage;

/// <summary>
/// The production backend on Azure Storage (ENGINE.md): per-instance partitions committed in one
/// entity-group transaction conditional on the instance's ETag, an outbox delivered after the
/// commit, idempotent inboxes, instance locks with leases, durable timers as delayed wake-ups,
/// large payloads in gzip blobs, and a poison queue. Any number of processes can share a hub.
/// </summary>
public sealed partial class AzureStorageOrchestrationService : IOrchestrationService, IOrchestrationServiceClient, IInstanceChangeNotifier, IAsyncDisposable
{
    /// <summary>One transaction holds at most 100 operations: the inbox rows consumed, plus history, state and outbox.</summary>
    public const int MaxMessagesPerEpisode = 95;

    /// <summary>Azure queues cap visibility delays at 7 days; longer timers wake up early and re-arm.</summary>
    internal static readonly TimeSpan MaxVisibilityDelay = TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1);

    private static readonly TimeSpan NeverExpire = TimeSpan.FromSeconds(-1);

    private readonly AsyncSignal committed = new();
    private readonly TaskHubStorage storage;
    private readonly EntityCodec codec;
    private readonly StorageProviderOptions settings;
    private readonly TimeProvider timeProvider;
    private readonly ILogger<AzureStorageOrchestrationService> logger;
    private readonly Channel<ReceivedMessage> controlMessages;
    private readonly Channel<ReceivedMessage> activityMessages;
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock startGate = new();
    private readonly List<QueuePoller> pollers = [];
    private Task receiving = Task.CompletedTask;
    private bool started;
    private int disposed;

    public AzureStorageOrchestrationService(
        AzureStorageConnection connection,
        IOptions<DurableTaskOptions> options,
        TimeProvider timeProvider,
        ILogger<AzureStorageOrchestrationService> logger)
    {
        ArgumentNullException.ThrowIfNull(connection);
        DurableTaskOptions hub = options.Value;
        settings = hub.StorageProvider;
        storage = new TaskHubStorage(connection.ConnectionString, hub.HubName, settings.PartitionCount);
        codec = new EntityCodec(new PayloadStore(storage.Payloads));
        this.timeProvider = timeProvider;
        this.logger = logger;
        controlMessages = Channel.CreateBounded<ReceivedMessage>(settings.ControlQueueBatchSize * 2);
        activityMessages = Channel.CreateBounded<ReceivedMessage>(settings.ControlQueueBatchSize * 2);
        CreateSenders();
    }

    /// <summary>This process's identity in instance locks.</summary>
    public string WorkerId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    internal TaskHubStorage Storage => storage;

    private DateTime Now => timeProvider.GetUtcNow().UtcDateTime;

    public Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => storage.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>Deletes the hub's table, queues and blobs.</summary>
    public Task DeleteAsync(CancellationToken cancellationToken) => storage.DeleteAsync(cancellationToken);

    /// <summary>Starts receiving on first use, so processes that only use the client never poll.</summary>
    private void EnsureReceiving()
    {
        lock (startGate)
        {
            if (started)
            {
                return;
            }

            started = true;
            TimeSpan maxPoll = settings.MaxQueuePollingInterval;
            int batch = settings.ControlQueueBatchSize;
            pollers.AddRange(storage.ControlQueues.Select(queue =>
                new QueuePoller(queue, controlMessages.Writer, batch, settings.ControlQueueVisibilityTimeout, maxPoll, logger)));
            pollers.Add(new QueuePoller(storage.ActivityQueue, activityMessages.Writer, batch, settings.WorkItemQueueVisibilityTimeout, maxPoll, logger));
            receiving = Task.WhenAll(pollers.Select(p => Task.Run(() => p.RunAsync(stopping.Token))).Append(Task.Run(() => SweepOutboxesAsync(stopping.Token))));
        }
    }

    /// <summary>Tells this process's poller of a queue that a message was just sent to it.</summary>
    private void NotifySent(Azure.Storage.Queues.QueueClient queue)
    {
        foreach (QueuePoller poller in pollers)
        {
            if (ReferenceEquals(poller.Queue, queue))
            {
                poller.Reset();
            }
        }
    }

    /// <summary>
    /// Puts a message in its instance's inbox and wakes the instance. The inbox row is keyed by the
    /// message id, so delivering it twice leaves one row. A start message also creates the instance.
    /// </summary>
    private async Task DeliverAsync(InstanceMessage message, CancellationToken cancellationToken)
    {
        TableEntity inbox = await codec.InboxEntityAsync(message, Now, cancellationToken).ConfigureAwait(false);
        if (message.Event is ExecutionStartedEvent start)
        {
            var pending = new InstanceState(message.InstanceId, start.Name, start.ExecutionId, OrchestrationRuntimeStatus.Pending, Now, Now)
            {
                Input = start.Input,
                Parent = start.Parent,
                ScheduledStartAt = start.ScheduledStartTime,
            };
            TableEntity state = await codec.StateEntityAsync(pending, 0, cancellationToken).ConfigureAwait(false);
            if (!await TrySubmitAsync([new(TableTransactionActionType.Add, state), new(TableTransactionActionType.Add, inbox)], cancellationToken).ConfigureAwait(false))
            {
                await AddIfAbsentAsync(inbox, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            await inboxWriter.AddAsync(inbox).ConfigureAwait(false);
        }

        // Woken even when the row was there already, in case the first delivery's wake-up was lost.
        await SendWakeUpAsync(message.InstanceId, message.VisibleAt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Submits a transaction; false when an entity to add exists (409) or one to delete does not (404), so the caller can fall back.</summary>
    private async Task<bool> TrySubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        try
        {
            await storage.Table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 404)
        {
            return false;
        }
    }

    private async Task DeleteIfPresentAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            await storage.Table.DeleteEntityAsync(partitionKey, rowKey, Azure.ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            // Gone already.
        }
    }

    /// <summary>Stops receiving and hands messages received but not started back to the queues.</summary>
    public async ValueTask DisposeAsync()
    {
        // Registered under several service types, so disposed more than once.
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        await receiving.ConfigureAwait(false);
        var unstarted = new List<ReceivedMessage>();
        foreach (Channel<ReceivedMessage> channel in new[] { controlMessages, activityMessages })
        {
            channel.Writer.TryComplete();
            while (channel.Reader.TryRead(out ReceivedMessage? message))
            {
                unstarted.Add(message);
            }
        }

        unstarted.AddRange(UnstartedWork());
        await HandBackActivitiesAsync().ConfigureAwait(false);
        foreach (ReceivedMessage message in unstarted.DistinctBy(m => m.MessageId))
        {
            await message.SetVisibilityAsync(TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
        }

        stopping.Dispose();
    }
}
