using System.Threading.Channels;
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

    /// <summary>Wake-ups received and not started yet, and instances to run again at once.</summary>
    private readonly Channel<InstanceWork> readyWork = Channel.CreateUnbounded<InstanceWork>();

    public async Task<OrchestrationWorkItem?> LockNextOrchestrationWorkItemAsync(CancellationToken cancellationToken)
    {
        EnsureReceiving();
        while (true)
        {
            InstanceWork? work = await NextWorkAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (await PrepareAsync(work, cancellationToken).ConfigureAwait(false) && await TryLockAsync(work, cancellationToken).ConfigureAwait(false) is { } item)
                {
                    return item;
                }
            }
            catch (Exception ex) when (ex is RequestFailedException or InvalidDataException or System.Text.Json.JsonException)
            {
                LogLockFailed(ex, work.InstanceId);
                await RetryLaterAsync(work, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            await FinishWorkAsync(work, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The next instance this process may start on; wake-ups for instances it is running request a rerun instead.</summary>
    private async Task<InstanceWork> NextWorkAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (readyWork.Reader.TryRead(out InstanceWork? work))
            {
                if (TryStartWork(work))
                {
                    return work;
                }

                await work.Message.ReleaseAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (controlMessages.Reader.TryRead(out ReceivedMessage? message))
            {
                await UnpackWakeUpsAsync(message, cancellationToken).ConfigureAwait(false);
                continue;
            }

            await Task.WhenAny(
                controlMessages.Reader.WaitToReadAsync(cancellationToken).AsTask(),
                readyWork.Reader.WaitToReadAsync(cancellationToken).AsTask()).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// Turns a control message into work, one item per instance it wakes. A message that comes back
    /// (its earlier processing did not finish) is split, so each instance's failures count on their own.
    /// </summary>
    private async Task UnpackWakeUpsAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        WakeUpMessage wakes;
        try
        {
            wakes = WakeUpMessage.FromJson(message.Body);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidDataException)
        {
            await PoisonQueueMessageAsync(message, "control", "unreadable wake-up", ex, cancellationToken).ConfigureAwait(false);
            return;
        }

        int earlierFailures = (int)message.DequeueCount - 1;
        if (earlierFailures > 0 && wakes.WakeUps.Count > 1)
        {
            foreach (WakeUp wake in wakes.WakeUps)
            {
                await SendWakeUpAsync(wake.InstanceId, wake.FireAt, cancellationToken, wake.Attempts + earlierFailures).ConfigureAwait(false);
            }

            await message.DeleteAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        message.Hold(wakes.WakeUps.Count);
        foreach (WakeUp wake in wakes.WakeUps)
        {
            readyWork.Writer.TryWrite(new InstanceWork(wake, message, wake.Attempts + earlierFailures));
        }
    }

    /// <summary>Claims the instance for this process, or asks its running episode for a rerun.</summary>
    private bool TryStartWork(InstanceWork work)
    {
        lock (inProgress)
        {
            if (inProgress.TryGetValue(work.InstanceId, out InstanceWork? running))
            {
                running.RerunRequested = true;
                return false;
            }

            inProgress.Add(work.InstanceId, work);
            return true;
        }
    }

    /// <summary>
    /// Settles what needs no lock: re-arms a timer that woke early, and sets aside an instance that
    /// failed too often. False when nothing is left to do.
    /// </summary>
    private async Task<bool> PrepareAsync(InstanceWork work, CancellationToken cancellationToken)
    {
        if (work.Wake.FireAt is { } fireAt && fireAt > Now)
        {
            // A timer's wake-up came early (the 7-day cap, or clock rounding): re-arm it.
            await SendWakeUpAsync(work.InstanceId, fireAt, cancellationToken, work.Failures).ConfigureAwait(false);
            return false;
        }

        return true;
    }

    /// <summary>
    /// Ends this process's work on an instance. If more work arrived meanwhile, the instance runs again
    /// while still holding its message (its lease extended); otherwise the hold is released. Either way
    /// some message stands for the instance's inbox until its work is done.
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
            await work.Message.SetVisibilityAsync(settings.ControlQueueVisibilityTimeout, cancellationToken).ConfigureAwait(false);
            readyWork.Writer.TryWrite(work);
        }
        else
        {
            await work.Message.ReleaseAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Failed work comes back on a message of its own after a backoff growing with its failures, and
    /// counts towards the poison limit.
    /// </summary>
    private async Task RetryLaterAsync(InstanceWork work, CancellationToken cancellationToken)
    {
        lock (inProgress)
        {
            inProgress.Remove(work.InstanceId);
        }

        int failures = work.Failures + 1;
        DateTime retryAt = Now + TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, failures - 1)));
        await SendWakeUpAsync(work.InstanceId, retryAt, cancellationToken, failures).ConfigureAwait(false);
        await work.Message.ReleaseAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Work received but never started, for handing back at shutdown.</summary>
    private IEnumerable<ReceivedMessage> UnstartedWork()
    {
        while (readyWork.Reader.TryRead(out InstanceWork? work))
        {
            yield return work.Message;
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

        if (work.Failures > 0)
        {
            // An earlier attempt on this instance crashed or failed: it may have committed without delivering.
            // Outbox rows seen otherwise belong to deliveries in progress, or to calls still running.
            await DeliverLeftoverOutboxesAsync(rows.Outbox, cancellationToken).ConfigureAwait(false);
        }
        if (work.Failures >= settings.MaxDequeueCount)
        {
            await PoisonInstanceAsync(rows, work.Failures, cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (rows.State.GetString("LockOwner") is { } owner && owner != WorkerId && rows.State.GetDateTime("LockExpiresAt") > Now)
        {
            // Another process holds the instance: look again shortly with a fresh message, so that
            // contention never counts towards the poison limit.
            await SendWakeUpAsync(work.InstanceId, Now + TimeSpan.FromSeconds(1), cancellationToken, work.Failures).ConfigureAwait(false);
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
        committed.Pulse();

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

    public Task NextChangeAsync() => committed.NextAsync();

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
            await RetryLaterAsync(item.Work, cancellationToken).ConfigureAwait(false);
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
