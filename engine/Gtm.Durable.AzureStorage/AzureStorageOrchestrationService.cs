using System.Threading.Channels;
using Azure;
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
public sealed partial class AzureStorageOrchestrationService : IOrchestrationService, IOrchestrationServiceClient, IAsyncDisposable
{
    /// <summary>One transaction holds at most 100 operations: the inbox rows consumed, plus history, state and outbox.</summary>
    public const int MaxMessagesPerEpisode = 95;

    /// <summary>Azure queues cap visibility delays at 7 days; longer timers wake up early and re-arm.</summary>
    internal static readonly TimeSpan MaxVisibilityDelay = TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1);

    private static readonly TimeSpan NeverExpire = TimeSpan.FromSeconds(-1);

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
        int buffer = Math.Max(hub.MaxConcurrentOrchestratorFunctions, hub.MaxConcurrentActivityFunctions) * 2;
        controlMessages = Channel.CreateBounded<ReceivedMessage>(buffer);
        activityMessages = Channel.CreateBounded<ReceivedMessage>(buffer);
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
            pollers.AddRange(storage.ControlQueues.Select(queue =>
                new QueuePoller(queue, controlMessages.Writer, settings.ControlQueueBatchSize, settings.ControlQueueVisibilityTimeout, maxPoll, logger)));
            pollers.Add(new QueuePoller(storage.ActivityQueue, activityMessages.Writer, settings.ControlQueueBatchSize, settings.WorkItemQueueVisibilityTimeout, maxPoll, logger));
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

    /// <summary>Sends a wake-up for an instance, delayed until <paramref name="visibleAt"/> (capped at the queue's limit).</summary>
    private async Task SendWakeUpAsync(string instanceId, DateTime? visibleAt, CancellationToken cancellationToken)
    {
        TimeSpan? delay = null;
        DateTime? fireAt = null;
        if (visibleAt is { } at && at > Now)
        {
            fireAt = at;
            // Queue visibility has whole-second precision: round up so a timer never wakes before its time.
            delay = TimeSpan.FromSeconds(Math.Ceiling(Math.Min((at - Now).TotalSeconds, MaxVisibilityDelay.TotalSeconds)));
        }

        Azure.Storage.Queues.QueueClient queue = storage.ControlQueueFor(instanceId);
        await queue.SendMessageAsync(new WakeUp(instanceId, fireAt).ToJson(), delay, NeverExpire, cancellationToken).ConfigureAwait(false);
        if (delay is null)
        {
            NotifySent(queue);
        }
    }

    /// <summary>
    /// Puts a message in its instance's inbox and wakes the instance. The inbox row is keyed by the
    /// message id, so delivering it twice leaves one row. A start message also creates the instance.
    /// </summary>
    private async Task DeliverAsync(InstanceMessage message, CancellationToken cancellationToken)
    {
        TableEntity inbox = await codec.InboxEntityAsync(message, Now, cancellationToken).ConfigureAwait(false);
        bool delivered = false;
        if (message.Event is ExecutionStartedEvent start)
        {
            var pending = new InstanceState(message.InstanceId, start.Name, start.ExecutionId, OrchestrationRuntimeStatus.Pending, Now, Now)
            {
                Input = start.Input,
                Parent = start.Parent,
                ScheduledStartAt = start.ScheduledStartTime,
            };
            TableEntity state = await codec.StateEntityAsync(pending, 0, cancellationToken).ConfigureAwait(false);
            delivered = await TrySubmitAsync([new(TableTransactionActionType.Add, state), new(TableTransactionActionType.Add, inbox)], cancellationToken).ConfigureAwait(false);
        }

        if (!delivered)
        {
            try
            {
                await storage.Table.AddEntityAsync(inbox, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Delivered before: the inbox keeps one copy. Still wake the instance, in case the
                // first delivery's wake-up was lost with the process that sent it.
            }
        }

        await SendWakeUpAsync(message.InstanceId, message.VisibleAt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Submits a transaction; false when an entity already exists (409), so the caller can fall back.</summary>
    private async Task<bool> TrySubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        try
        {
            await storage.Table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    private async Task SendActivityAsync(ActivityRequest request, CancellationToken cancellationToken)
    {
        string? input = request.Input;
        string? inputBlob = null;
        if (input is { Length: > PayloadStore.MaxInlineChars })
        {
            inputBlob = await codec.Payloads.WriteBlobAsync($"{request.InstanceId}/{request.MessageId}-input", input, cancellationToken).ConfigureAwait(false);
            input = null;
        }

        var message = new ActivityMessage(request.InstanceId, request.ExecutionId, request.TaskId, request.Name, input, inputBlob);
        string body = System.Text.Json.JsonSerializer.Serialize(message, EntityCodec.Json);
        await storage.ActivityQueue.SendMessageAsync(body, null, NeverExpire, cancellationToken).ConfigureAwait(false);
        NotifySent(storage.ActivityQueue);
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
        controlMessages.Writer.TryComplete();
        activityMessages.Writer.TryComplete();
        foreach (Channel<ReceivedMessage> channel in new[] { controlMessages, activityMessages })
        {
            while (channel.Reader.TryRead(out ReceivedMessage? message))
            {
                await message.SetVisibilityAsync(TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
            }
        }

        stopping.Dispose();
    }
}
