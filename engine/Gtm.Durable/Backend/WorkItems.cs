using Gtm.Durable.History;

namespace Gtm.Durable.Backend;

/// <summary>A locked instance: its state, the history of its current execution and its visible inbox.</summary>
public class OrchestrationWorkItem(string instanceId, InstanceState? state, IReadOnlyList<HistoryEvent> history, IReadOnlyList<InstanceMessage> messages)
{
    public string InstanceId { get; } = instanceId;

    public InstanceState? State { get; } = state;

    public IReadOnlyList<HistoryEvent> History { get; } = history;

    public IReadOnlyList<InstanceMessage> Messages { get; } = messages;
}

/// <summary>A locked activity call.</summary>
public class ActivityWorkItem(ActivityRequest request, int dequeueCount)
{
    public ActivityRequest Request { get; } = request;

    public int DequeueCount { get; } = dequeueCount;
}

/// <summary>
/// What one episode decided, committed atomically: the new state, the history it appends, the
/// inbox messages it consumed, and what it sends (to itself, to other instances, to activities).
/// </summary>
public sealed record OrchestrationEpisode(
    InstanceState? State,
    string? HistoryExecutionId,
    IReadOnlyList<HistoryEvent> NewHistory,
    IReadOnlyList<string> ConsumedMessageIds,
    IReadOnlyList<InstanceMessage> Messages,
    IReadOnlyList<ActivityRequest> Activities)
{
    /// <summary>True when the episode started a new execution, so older executions' history is obsolete.</summary>
    public bool StartsNewHistory { get; init; }
}

/// <summary>A message that kept failing and was set aside, with the failure that stopped it.</summary>
public sealed record PoisonMessage(string Id, string Queue, string InstanceId, string Description, string Error, DateTime PoisonedAt);
