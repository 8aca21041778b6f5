using Azure;
using Azure.Data.Tables;
using Gtm.Durable.Backend;
using Gtm.Durable.History;
using Microsoft.Extensions.Logging;

namespace Gtm.Durable.AzureStorage;

public sealed partial class AzureStorageOrchestrationService
{
    /// <summary>Instances this process is running an episode for, and whether more work arrived meanwhile.</summary>
    private readonly Dictionary<string, InstanceWork> inProgress = new(StringComparer.Ordinal);

    /// <summary>Instances to run again at once: more work arrived while their last episode ran.</summary>
    private readonly System.Threading.Channels.Channel<InstanceWork> reruns = System.Threading.Channels.Channel.CreateUnbounded<InstanceWork>();

    public async Task<OrchestrationWorkItem?> LockNextOrchestrationWorkItemAsync(CancellationToken cancellationToken)
    {
        EnsureReceiving();
        while (true)
        {
            InstanceWork? work = await NextWorkAsync(cancellationToken).ConfigureAwait(false);
            if (work is null)
            {
                continue;
            }

            try
            {
                OrchestrationWorkItem? item = await TryLockAsync(work, cancellationToken).ConfigureAwait(false);
                if (item is not null)
                {
                    return item;
                }
            }
            catch (Exception ex) when (ex is RequestFailedException or InvalidDataException or System.Text.Json.JsonException)
            {
                LogLockFailed(ex, work.InstanceId);
                await AbandonWakeUpAsync(work.Wake, CancellationToken.None).ConfigureAwait(false);
                EndWork(work.InstanceId);
                continue;
            }

            await FinishWorkAsync(work, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The next instance to look at: a rerun first, else a wake-up from the control queues.</summary>
    private async Task<InstanceWork?> NextWorkAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (reruns.Reader.TryRead(out InstanceWork? rerun))
            {
                InstanceWork? started = TryStartWork(rerun);
                if (started is null)
                {
                    // Another wake-up started the instance meanwhile; that episode reruns it.
                    await rerun.Wake.DeleteAsync(cancellationToken).ConfigureAwait(false);
                }

                return started;
            }

            if (controlMessages.Reader.TryRead(out ReceivedMessage? message))
            {
                WakeUp? wake = await ParseWakeUpAsync(message, cancellationToken).ConfigureAwait(false);
                if (wake is null)
                {
                    return null;
                }

                if (wake.FireAt is { } fireAt && fireAt > Now)
                {
                    // A timer's wake-up came early (the 7-day cap, or clock rounding): re-arm it.
                    await SendWakeUpAsync(wake.InstanceId, fireAt, cancellationToken).ConfigureAwait(false);
                    await message.DeleteAsync(cancellationToken).ConfigureAwait(false);
                    return null;
                }

                InstanceWork? work = TryStartWork(new InstanceWork(wake.InstanceId, message));
                if (work is null)
                {
                    // The instance is running here: its episode will be rerun, so this message is redundant.
                    await message.DeleteAsync(cancellationToken).ConfigureAwait(false);
                }

                return work;
            }

            await Task.WhenAny(
                controlMessages.Reader.WaitToReadAsync(cancellationToken).AsTask(),
                reruns.Reader.WaitToReadAsync(cancellationToken).AsTask()).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Claims the instance for this process, or asks its running episode for a rerun (null).</summary>
    private InstanceWork? TryStartWork(InstanceWork work)
    {
        lock (inProgress)
        {
            if (inProgress.TryGetValue(work.InstanceId, out InstanceWork? running))
            {
                running.RerunRequested = true;
                return null;
            }

            inProgress.Add(work.InstanceId, work);
            return work;
        }
    }

    private void EndWork(string instanceId)
    {
        lock (inProgress)
        {
            inProgress.Remove(instanceId);
        }
    }

    /// <summary>
    /// Ends this process's work on an instance. If more work arrived meanwhile, the wake-up message is
    /// kept (its lease extended) and the instance runs again; otherwise the message is deleted. Either
    /// way some message stands for the instance's inbox until its work is done.
    /// </summary>
    private async Task FinishWorkAsync(InstanceWork work, CancellationToken cancellationToken)
    {
        bool rerun;
        lock (inProgress)
        {
            rerun = work.RerunRequested;
            work.RerunRequested = false;
            inProgress.Remove(work.InstanceId);
        }

        if (rerun)
        {
            await work.Wake.SetVisibilityAsync(settings.ControlQueueVisibilityTimeout, cancellationToken).ConfigureAwait(false);
            reruns.Writer.TryWrite(work);
        }
        else
        {
            await work.Wake.DeleteAsync(cancellationToken).ConfigureAwait(false);
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

    /// <summary>Locks the instance and loads it, or settles the wake-up when there is nothing to run (null).</summary>
    private async Task<OrchestrationWorkItem?> TryLockAsync(InstanceWork work, CancellationToken cancellationToken)
    {
        PartitionRows rows = await PartitionRows.LoadAsync(storage.Table, work.InstanceId, cancellationToken).ConfigureAwait(false);
        if (rows.State is null)
        {
            // Nothing created this instance (yet): any messages wait in its inbox for it.
            return null;
        }

        await DeliverLeftoverOutboxesAsync(rows.Outbox, cancellationToken).ConfigureAwait(false);
        if (work.Wake.DequeueCount > settings.MaxDequeueCount)
        {
            await PoisonInstanceAsync(rows, work.Wake, cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (rows.State.GetString("LockOwner") is { } owner && owner != WorkerId && rows.State.GetDateTime("LockExpiresAt") > Now)
        {
            // Another process holds the instance: look again shortly with a fresh message, so that
            // contention never counts towards the poison limit.
            await SendWakeUpAsync(work.InstanceId, Now + TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            return null;
        }

        List<TableEntity> visible = rows.VisibleInbox(Now);
        if (visible.Count == 0)
        {
            return null;
        }

        ETag locked = await LockAsync(rows.State, cancellationToken).ConfigureAwait(false);
        return await LoadWorkItemAsync(rows, visible, locked, work, cancellationToken).ConfigureAwait(false);
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
        InstanceWork work,
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

        return new AzureOrchestrationWorkItem(state, history, messages, locked, stateRow.GetInt32("HistoryChunks") ?? 0, rows, taken, work)
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
            if (AfterCommit is { } crashPoint)
            {
                await crashPoint().ConfigureAwait(false);
            }

            await DeliverOutboxAsync(item.InstanceId, commit.OutboxRowKey, commit.Outbox, cancellationToken).ConfigureAwait(false);
        }

        if (item.MoreVisible && episode.ConsumedMessageIds.Count > 0)
        {
            item.Work.RerunRequested = true;
        }

        await FinishWorkAsync(item.Work, cancellationToken).ConfigureAwait(false);
        await DeleteQuietlyAsync(commit.ObsoleteRows, commit.ObsoleteBlobs).ConfigureAwait(false);
    }

    /// <summary>Fault injection for crash tests: runs between an episode's commit and its outbox delivery.</summary>
    internal Func<Task>? AfterCommit { get; set; }

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
            await AbandonWakeUpAsync(item.Work.Wake, cancellationToken).ConfigureAwait(false);
            EndWork(item.InstanceId);
        }
    }

    /// <summary>Failed work comes back after a backoff growing with its dequeue count; then it counts towards poison.</summary>
    private static Task AbandonWakeUpAsync(ReceivedMessage wake, CancellationToken cancellationToken) =>
        wake.SetVisibilityAsync(TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, Math.Max(0, wake.DequeueCount - 1)))), cancellationToken);

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
