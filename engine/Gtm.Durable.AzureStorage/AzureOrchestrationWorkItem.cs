using Azure;
using Azure.Data.Tables;
using Gtm.Durable.Backend;
using Gtm.Durable.History;

namespace Gtm.Durable.AzureStorage;

/// <summary>A locked instance with what the commit needs: the lock's ETag, the rows read and the wake-ups to delete.</summary>
internal sealed class AzureOrchestrationWorkItem(
    InstanceState state,
    IReadOnlyList<HistoryEvent> history,
    IReadOnlyList<InstanceMessage> messages,
    ETag etag,
    int historyChunks,
    PartitionRows rows,
    IReadOnlyList<TableEntity> takenInbox,
    InstanceWork work)
    : OrchestrationWorkItem(state.InstanceId, state, history, messages)
{
    /// <summary>The ETag of $state after locking: the commit is conditional on it.</summary>
    public ETag ETag { get; } = etag;

    /// <summary>Chunks of the current execution's history already stored.</summary>
    public int HistoryChunks { get; } = historyChunks;

    public PartitionRows Rows { get; } = rows;

    public IReadOnlyList<TableEntity> TakenInbox { get; } = takenInbox;

    public InstanceWork Work { get; } = work;

    /// <summary>More inbox rows were visible than one episode may take.</summary>
    public bool MoreVisible { get; init; }
}

/// <summary>
/// An instance this process works on: the wake-up that asked for it, the message that carries the
/// wake-up (held until the work is done), its failures so far, and whether to run it again.
/// </summary>
internal sealed class InstanceWork(WakeUp wake, ReceivedMessage message, int failures)
{
    public string InstanceId => Wake.InstanceId;

    public WakeUp Wake { get; } = wake;

    public ReceivedMessage Message { get; } = message;

    public int Failures { get; } = failures;

    public bool RerunRequested { get; set; }
}
