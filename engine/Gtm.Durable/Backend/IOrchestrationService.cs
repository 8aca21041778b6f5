using Gtm.Durable.History;

namespace Gtm.Durable.Backend;

/// <summary>
/// The storage contract the dispatcher works against; one implementation per backend. Locks
/// give one worker at a time an instance; completing commits an episode atomically.
/// </summary>
public interface IOrchestrationService
{
    /// <summary>Waits for an instance with visible messages and locks it; null when cancelled or nothing came.</summary>
    Task<OrchestrationWorkItem?> LockNextOrchestrationWorkItemAsync(CancellationToken cancellationToken);

    Task CompleteOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, OrchestrationEpisode episode, CancellationToken cancellationToken);

    /// <summary>Gives the work back for a later retry; after too many failures its messages go to the poison queue.</summary>
    Task AbandonOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, Exception failure, CancellationToken cancellationToken);

    Task<ActivityWorkItem?> LockNextActivityWorkItemAsync(CancellationToken cancellationToken);

    /// <summary>Delivers the activity's result (TaskCompleted or TaskFailed) to its instance and releases the work item.</summary>
    Task CompleteActivityWorkItemAsync(ActivityWorkItem workItem, HistoryEvent result, CancellationToken cancellationToken);

    Task AbandonActivityWorkItemAsync(ActivityWorkItem workItem, Exception failure, CancellationToken cancellationToken);
}

/// <summary>What clients need from a backend: create, signal, read, query and purge instances.</summary>
public interface IOrchestrationServiceClient
{
    Task CreateIfNotExistsAsync(CancellationToken cancellationToken);

    /// <summary>Creates the instance with its start message; throws <see cref="OrchestrationAlreadyExistsException"/> per <paramref name="dedupeStatuses"/>.</summary>
    Task CreateInstanceAsync(InstanceState state, InstanceMessage start, IReadOnlyCollection<OrchestrationRuntimeStatus> dedupeStatuses, CancellationToken cancellationToken);

    Task SendMessageAsync(InstanceMessage message, CancellationToken cancellationToken);

    Task<InstanceState?> GetStateAsync(string instanceId, bool includePayloads, CancellationToken cancellationToken);

    Task<InstancePage> QueryAsync(InstanceQuery query, string? continuationToken, CancellationToken cancellationToken);

    /// <summary>Deletes a finished instance, its history and payloads; false when there was none.</summary>
    Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken);

    Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken);

    Task<IReadOnlyList<PoisonMessage>> GetPoisonMessagesAsync(CancellationToken cancellationToken);
}
