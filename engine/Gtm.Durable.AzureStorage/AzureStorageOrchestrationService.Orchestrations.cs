using Azure;
using Azure.Data.Tables;
using Gtm.Durable.Backend;
using Gtm.Durable.History;
using Microsoft.Extensions.Logging;

namespace Gtm.Durable.AzureStorage;

public sealed partial class AzureStorageOrchestrationService
{
    /// <summary>Instances this process is running an episode for, with wake-ups that arrived meanwhile.</summary>
    private readonly Dictionary<string, List<ReceivedMessage>> inProgress = new(StringComparer.Ordinal);

    public async Task<OrchestrationWorkItem?> LockNextOrchestrationWorkItemAsync(CancellationToken cancellationToken)
    {
        EnsureReceiving();
        while (true)
        {
            ReceivedMessage message = await controlMessages.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            WakeUp? wake = await ParseWakeUpAsync(message, cancellationToken).ConfigureAwait(false);
            if (wake is null || !TryStartWork(wake.InstanceId, message))
            {
                continue;
            }

            var wakes = new List<ReceivedMessage> { message };
            try
            {
                OrchestrationWorkItem? item = await TryLockAsync(wake, wakes, cancellationToken).ConfigureAwait(false);
                if (item is not null)
                {
                    return item;
                }
            }
            catch (Exception ex) when (ex is RequestFailedException or InvalidDataException or System.Text.Json.JsonException)
            {
                LogLockFailed(ex, wake.InstanceId);
                await AbandonWakeUpsAsync(wakes, CancellationToken.None).ConfigureAwait(false);
            }

            await FinishWorkAsync(wake.InstanceId, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>A wake-up for an instance this process is already running waits until that episode ends.</summary>
    private bool TryStartWork(string instanceId, ReceivedMessage message)
    {
        lock (inProgress)
        {
            if (inProgress.TryGetValue(instanceId, out List<ReceivedMessage>? waiting))
            {
                waiting.Add(message);
                return false;
            }

            inProgress.Add(instanceId, []);
            return true;
        }
    }

    /// <summary>Ends this process's work on an instance; wake-ups that arrived meanwhile go round again.</summary>
    private async Task FinishWorkAsync(string instanceId, CancellationToken cancellationToken)
    {
        List<ReceivedMessage> waiting;
        lock (inProgress)
        {
            inProgress.Remove(instanceId, out waiting!);
        }

        foreach (ReceivedMessage message in waiting)
        {
            await controlMessages.Writer.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<WakeUp?> ParseWakeUpAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return WakeUp.FromJson(message.Body);
        }
        catch (System.Text.Json.JsonException ex)
        {
            await PoisonQueueMessageAsync(message, "control", "unreadable wake-up", ex, cancellationToken).ConfigureAwait(false);
            return null;
        }
    }

    private async Task<OrchestrationWorkItem?> TryLockAsync(WakeUp wake, List<ReceivedMessage> wakes, CancellationToken cancellationToken)
    {
        ReceivedMessage message = wakes[0];
        if (wake.FireAt is { } fireAt && fireAt > Now)
        {
            // A timer's wake-up came early (the 7-day cap, or clock rounding): re-arm it.
            await SendWakeUpAsync(wake.InstanceId, fireAt, cancellationToken).ConfigureAwait(false);
            await message.DeleteAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }

        PartitionRows rows = await PartitionRows.LoadAsync(storage.Table, wake.InstanceId, cancellationToken).ConfigureAwait(false);
        if (rows.State is null)
        {
            // Nothing created this instance (yet): any messages wait in its inbox for it.
            await message.DeleteAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }

        await DeliverLeftoverOutboxesAsync(rows.Outbox, cancellationToken).ConfigureAwait(false);
        if (message.DequeueCount > settings.MaxDequeueCount)
        {
            await PoisonInstanceAsync(rows, message, cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (rows.State.GetString("LockOwner") is { } owner && owner != WorkerId && rows.State.GetDateTime("LockExpiresAt") > Now)
        {
            // Another process holds the instance: look again shortly with a fresh message, so that
            // contention never counts towards the poison limit.
            await SendWakeUpAsync(wake.InstanceId, Now + TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            await message.DeleteAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }

        List<TableEntity> visible = rows.VisibleInbox(Now);
        if (visible.Count == 0)
        {
            await message.DeleteAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }

        ETag locked = await LockAsync(rows.State, cancellationToken).ConfigureAwait(false);
        return await LoadWorkItemAsync(rows, visible, locked, wakes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes the instance lock: a conditional update of $state, so only one worker can win.</summary>
    private async Task<ETag> LockAsync(TableEntity state, CancellationToken cancellationToken)
    {
        var lockUpdate = new TableEntity(state.PartitionKey, state.RowKey)
        {
            ["LockOwner"] = WorkerId,
            ["LockExpiresAt"] = Now + settings.ControlQueueVisibilityTimeout,
        };
        Response response = await storage.Table.UpdateEntityAsync(lockUpdate, state.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        return response.Headers.ETag ?? throw new InvalidDataException("The lock update returned no ETag.");
    }

    private async Task<OrchestrationWorkItem> LoadWorkItemAsync(
        PartitionRows rows,
        List<TableEntity> visible,
        ETag locked,
        List<ReceivedMessage> wakes,
        CancellationToken cancellationToken)
    {
        TableEntity stateRow = rows.State!;
        InstanceState state = await codec.ReadStateAsync(stateRow, includePayloads: true, cancellationToken).ConfigureAwait(false);
        var history = new List<HistoryEvent>();
        foreach (TableEntity chunk in rows.HistoryOf(state.ExecutionId))
        {
            history.AddRange(await codec.ReadHistoryAsync(chunk, cancellationToken).ConfigureAwait(false));
        }

        List<TableEntity> taken = [.. visible.Take(MaxMessagesPerEpisode)];
        var messages = new List<InstanceMessage>(taken.Count);
        foreach (TableEntity row in taken)
        {
            messages.Add(await codec.ReadInboxAsync(row, cancellationToken).ConfigureAwait(false));
        }

        return new AzureOrchestrationWorkItem(state, history, messages, locked, stateRow.GetInt32("HistoryChunks") ?? 0, rows, taken, wakes)
        {
            MoreVisible = visible.Count > taken.Count,
        };
    }

    public async Task CompleteOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, OrchestrationEpisode episode, CancellationToken cancellationToken)
    {
        var item = (AzureOrchestrationWorkItem)workItem;
        EpisodeCommit commit = await EpisodeCommit.PrepareAsync(item, episode, codec, Now, cancellationToken).ConfigureAwait(false);
        await storage.Table.SubmitTransactionAsync(commit.Actions, cancellationToken).ConfigureAwait(false);

        // Committed. Deliver what the episode sends; a crash from here on leaves the outbox row and the
        // wake-up message, so whoever handles the instance next delivers it again.
        if (commit.OutboxRowKey is not null)
        {
            await DeliverOutboxAsync(item.InstanceId, commit.OutboxRowKey, commit.Outbox, cancellationToken).ConfigureAwait(false);
        }

        if (item.MoreVisible && episode.ConsumedMessageIds.Count > 0)
        {
            await SendWakeUpAsync(item.InstanceId, null, cancellationToken).ConfigureAwait(false);
        }

        foreach (ReceivedMessage wake in item.Wakes)
        {
            await wake.DeleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await FinishWorkAsync(item.InstanceId, cancellationToken).ConfigureAwait(false);
        await DeleteQuietlyAsync(commit.ObsoleteRows, commit.ObsoleteBlobs).ConfigureAwait(false);
    }

    public async Task AbandonOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, Exception failure, CancellationToken cancellationToken)
    {
        var item = (AzureOrchestrationWorkItem)workItem;
        try
        {
            var release = new TableEntity(item.InstanceId, RowKeys.State)
            {
                ["LockOwner"] = null,
                ["LockExpiresAt"] = null,
                ["LastError"] = Truncate(failure.ToString()),
            };
            await storage.Table.UpdateEntityAsync(release, item.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            // The lock was lost already; its holder decides.
        }
        finally
        {
            await AbandonWakeUpsAsync(item.Wakes, cancellationToken).ConfigureAwait(false);
            await FinishWorkAsync(item.InstanceId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Failed work comes back after a backoff growing with its dequeue count.</summary>
    private static async Task AbandonWakeUpsAsync(IEnumerable<ReceivedMessage> wakes, CancellationToken cancellationToken)
    {
        foreach (ReceivedMessage wake in wakes)
        {
            TimeSpan backoff = TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, Math.Max(0, wake.DequeueCount - 1))));
            await wake.SetVisibilityAsync(backoff, cancellationToken).ConfigureAwait(false);
        }
    }

    internal static string Truncate(string text) => text.Length <= PayloadStore.MaxInlineChars ? text : text[..PayloadStore.MaxInlineChars];

    /// <summary>Old executions' history and consumed payload blobs: nothing reads them again, so failures only leave garbage for purge.</summary>
    private async Task DeleteQuietlyAsync(IReadOnlyList<TableEntity> rows, IReadOnlyList<string> blobs)
    {
        try
        {
            foreach (TableEntity[] batch in rows.Chunk(100))
            {
                await storage.Table.SubmitTransactionAsync([.. batch.Select(row => new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All))]).ConfigureAwait(false);
            }

            await codec.Payloads.DeleteBlobsAsync(blobs, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            LogCleanupFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Locking instance {InstanceId} failed; its wake-up will come back")]
    private partial void LogLockFailed(Exception error, string instanceId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Cleaning up obsolete rows failed; purge will remove them")]
    private partial void LogCleanupFailed(Exception error);
}
