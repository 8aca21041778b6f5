using Azure;
using Azure.Data.Tables;
using Gtm.Durable.Backend;

namespace Gtm.Durable.AzureStorage;

/// <summary>
/// One episode's entity-group transaction: append the history chunk, update $state (conditional on
/// the lock's ETag, so a worker that lost its lease cannot commit), delete the consumed inbox rows,
/// add the messages the instance sends itself, and add the outbox row. It stays within Azure's
/// limits (100 operations, 4 MB); what does not fit goes through the outbox.
/// </summary>
internal sealed class EpisodeCommit
{
    private const int MaxOperations = 100;
    private const int MaxBytes = 3_500_000;

    private EpisodeCommit(List<TableTransactionAction> actions, string? outboxRowKey, Outbox outbox, List<TableEntity> obsoleteRows, List<string> obsoleteBlobs)
    {
        Actions = actions;
        OutboxRowKey = outboxRowKey;
        Outbox = outbox;
        ObsoleteRows = obsoleteRows;
        ObsoleteBlobs = obsoleteBlobs;
    }

    public IReadOnlyList<TableTransactionAction> Actions { get; }

    public string? OutboxRowKey { get; }

    public Outbox Outbox { get; }

    /// <summary>History rows of executions that ended, to delete after the commit.</summary>
    public IReadOnlyList<TableEntity> ObsoleteRows { get; }

    /// <summary>Blobs of consumed inbox rows, to delete after the commit.</summary>
    public IReadOnlyList<string> ObsoleteBlobs { get; }

    public static async Task<EpisodeCommit> PrepareAsync(
        AzureOrchestrationWorkItem item,
        OrchestrationEpisode episode,
        EntityCodec codec,
        DateTime now,
        CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction>();
        long bytes = 0;
        string instanceId = item.InstanceId;
        InstanceState state = episode.State ?? item.State!;
        string historyExecution = episode.HistoryExecutionId ?? state.ExecutionId;
        bool executionEnded = episode.StartsNewHistory || state.ExecutionId != historyExecution;
        int chunks = episode.StartsNewHistory ? 0 : item.HistoryChunks;

        if (episode.NewHistory.Count > 0 && state.ExecutionId == historyExecution)
        {
            TableEntity chunk = await codec.HistoryEntityAsync(instanceId, historyExecution, chunks, episode.NewHistory, cancellationToken).ConfigureAwait(false);
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, chunk));
            bytes += Size(chunk);
            chunks++;
        }

        TableEntity stateRow = await codec.StateEntityAsync(state, state.ExecutionId == historyExecution ? chunks : 0, cancellationToken).ConfigureAwait(false);
        actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, stateRow, item.ETag));
        bytes += Size(stateRow);

        var consumed = episode.ConsumedMessageIds.ToHashSet(StringComparer.Ordinal);
        var obsoleteBlobs = new List<string>();
        foreach (TableEntity row in item.TakenInbox.Where(row => consumed.Contains(row.RowKey[RowKeys.InboxPrefix.Length..])))
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All));
            if (PayloadStore.BlobOf(row, "Event") is { } blob)
            {
                obsoleteBlobs.Add(blob);
            }
        }

        var others = new List<InstanceMessage>();
        var wakeUps = new List<WakeUp>();
        foreach (InstanceMessage message in episode.Messages)
        {
            bool toSelf = message.InstanceId == instanceId;
            if (toSelf && actions.Count < MaxOperations - 1 && bytes < MaxBytes)
            {
                TableEntity inbox = await codec.InboxEntityAsync(message, now, cancellationToken).ConfigureAwait(false);
                actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, inbox));
                bytes += Size(inbox);
                wakeUps.Add(new WakeUp(instanceId, message.VisibleAt));
            }
            else
            {
                others.Add(message);
            }
        }

        var outbox = new Outbox(others, episode.Activities, wakeUps);
        string? outboxRowKey = null;
        if (!outbox.IsEmpty)
        {
            outboxRowKey = RowKeys.Outbox($"{now.Ticks:D19}-{Guid.NewGuid():N}");
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, await codec.OutboxEntityAsync(instanceId, outboxRowKey, outbox, cancellationToken).ConfigureAwait(false)));
        }

        List<TableEntity> obsoleteRows = executionEnded ? [.. item.Rows.History.Where(row => !RowKeys.IsHistoryOf(row.RowKey, state.ExecutionId))] : [];
        return new EpisodeCommit(actions, outboxRowKey, outbox, obsoleteRows, obsoleteBlobs);
    }

    /// <summary>A rough size of an entity in a transaction: what its strings and byte arrays hold.</summary>
    private static long Size(TableEntity entity) => entity.Sum(pair => pair.Value switch
    {
        string text => text.Length * 2L,
        byte[] data => data.Length,
        _ => 16L,
    });
}
