using Azure.Data.Tables;
using Azure.Storage.Queues;
using Gtm.Durable.Backend;

namespace Gtm.Durable.AzureStorage;

/// <summary>
/// Everything the backend sends goes through group commits: wake-ups and activity calls are packed
/// into queue messages, inbox rows into one transaction per instance. At low load each write goes
/// out at once; under load, what arrives during a write goes in the next one.
/// </summary>
public sealed partial class AzureStorageOrchestrationService
{
    /// <summary>Activity inputs above this go to a blob, so that several calls fit in one 64 KB queue message.</summary>
    private const int MaxInlineActivityInput = 8_000;

    private const int MaxActivityMessageChars = 40_000;
    private const int MaxWakeUpsPerMessage = 64;

    private Dictionary<QueueClient, GroupCommit<WakeUp>> wakeUpSenders = null!;
    private GroupCommit<ActivityMessage> activitySender = null!;
    private GroupCommit<TableEntity> inboxWriter = null!;

    private void CreateSenders()
    {
        wakeUpSenders = storage.ControlQueues.ToDictionary(
            queue => queue,
            queue => new GroupCommit<WakeUp>(batch => SendWakeUpsAsync(queue, batch), _ => 1, MaxWakeUpsPerMessage));
        activitySender = new GroupCommit<ActivityMessage>(SendActivitiesAsync, call => (call.Input?.Length ?? 0) + 300, MaxActivityMessageChars);
        inboxWriter = new GroupCommit<TableEntity>(WriteInboxRowsAsync, _ => 1, 1_000);
    }

    /// <summary>Wakes an instance now, or at <paramref name="visibleAt"/> (capped at the queue's 7-day limit).</summary>
    private Task SendWakeUpAsync(string instanceId, DateTime? visibleAt, CancellationToken cancellationToken, int attempts = 0)
    {
        QueueClient queue = storage.ControlQueueFor(instanceId);
        if (visibleAt is { } at && at > Now)
        {
            return SendDelayedWakeUpAsync(queue, new WakeUp(instanceId, at, attempts), at - Now, cancellationToken);
        }

        return wakeUpSenders[queue].AddAsync(new WakeUp(instanceId, Attempts: attempts));
    }

    /// <summary>A wake-up on its own, delayed; queue visibility has whole-second precision, so round up and never wake early.</summary>
    private static async Task SendDelayedWakeUpAsync(QueueClient queue, WakeUp wake, TimeSpan delay, CancellationToken cancellationToken)
    {
        TimeSpan rounded = TimeSpan.FromSeconds(Math.Ceiling(Math.Min(delay.TotalSeconds, MaxVisibilityDelay.TotalSeconds)));
        await queue.SendMessageAsync(new WakeUpMessage([wake]).ToJson(), rounded, NeverExpire, cancellationToken).ConfigureAwait(false);
    }

    private async Task SendWakeUpsAsync(QueueClient queue, IReadOnlyList<WakeUp> wakes)
    {
        // Several wake-ups of one instance in a batch are one wake-up.
        WakeUp[] distinct = [.. wakes.GroupBy(w => w.InstanceId).Select(g => g.MaxBy(w => w.Attempts)!)];
        await queue.SendMessageAsync(new WakeUpMessage(distinct).ToJson(), null, NeverExpire).ConfigureAwait(false);
        NotifySent(queue);
    }

    private async Task SendActivityAsync(ActivityRequest request, string? outbox, CancellationToken cancellationToken, int attempts = 0, TimeSpan? delay = null)
    {
        string? input = request.Input;
        string? inputBlob = null;
        if (input is { Length: > MaxInlineActivityInput })
        {
            inputBlob = await codec.Payloads.WriteBlobAsync($"{request.InstanceId}/{request.MessageId}-input", input, cancellationToken).ConfigureAwait(false);
            input = null;
        }

        var call = new ActivityMessage(request.InstanceId, request.ExecutionId, request.TaskId, request.Name, input, inputBlob, attempts, outbox);
        if (delay is { } wait && wait > TimeSpan.Zero)
        {
            await storage.ActivityQueue.SendMessageAsync(new ActivityBatch([call]).ToJson(), wait, NeverExpire, cancellationToken).ConfigureAwait(false);
            return;
        }

        await activitySender.AddAsync(call).ConfigureAwait(false);
    }

    private async Task SendActivitiesAsync(IReadOnlyList<ActivityMessage> calls)
    {
        await storage.ActivityQueue.SendMessageAsync(new ActivityBatch(calls).ToJson(), null, NeverExpire).ConfigureAwait(false);
        NotifySent(storage.ActivityQueue);
    }

    /// <summary>One transaction per instance for the rows that arrived together; a duplicate makes that instance's rows go one by one.</summary>
    private async Task WriteInboxRowsAsync(IReadOnlyList<TableEntity> rows)
    {
        IEnumerable<TableEntity[]> groups = rows
            .GroupBy(row => row.PartitionKey)
            .SelectMany(partition => partition.DistinctBy(row => row.RowKey).Chunk(100));
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = DeliveryParallelism }, async (group, ct) =>
        {
            if (group.Length > 1 && await TrySubmitAsync([.. group.Select(row => new TableTransactionAction(TableTransactionActionType.Add, row))], ct).ConfigureAwait(false))
            {
                return;
            }

            foreach (TableEntity row in group)
            {
                await AddIfAbsentAsync(row, ct).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    private async Task AddIfAbsentAsync(TableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await storage.Table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 409)
        {
            // Delivered before: the inbox keeps one copy.
        }
    }
}
