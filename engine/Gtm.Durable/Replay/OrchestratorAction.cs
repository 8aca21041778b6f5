using Gtm.Durable.History;

namespace Gtm.Durable.Replay;

/// <summary>Something the orchestrator asked for. Replay matches each against its scheduled event in history.</summary>
internal abstract record OrchestratorAction(int Id)
{
    public abstract string Describe();

    /// <summary>The history event that records this action once it is committed.</summary>
    public abstract ScheduledEvent ToEvent(DateTime timestamp);

    public bool Matches(ScheduledEvent recorded) => recorded switch
    {
        TaskScheduledEvent task => this is ScheduleTaskAction action && string.Equals(action.Name, task.Name, StringComparison.Ordinal),
        TimerCreatedEvent timer => this is CreateTimerAction action && action.FireAt == timer.FireAt,
        SubOrchestrationCreatedEvent sub => this is CreateSubOrchestrationAction action
            && string.Equals(action.Name, sub.Name, StringComparison.Ordinal)
            && string.Equals(action.InstanceId, sub.InstanceId, StringComparison.Ordinal),
        EventSentEvent sent => this is SendEventAction action
            && string.Equals(action.InstanceId, sent.InstanceId, StringComparison.Ordinal)
            && string.Equals(action.EventName, sent.Name, StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    public static string Describe(ScheduledEvent recorded) => recorded switch
    {
        TaskScheduledEvent task => $"activity '{task.Name}' (#{task.EventId})",
        TimerCreatedEvent timer => $"timer #{timer.EventId} firing at {timer.FireAt:O}",
        SubOrchestrationCreatedEvent sub => $"sub-orchestration '{sub.Name}' '{sub.InstanceId}' (#{sub.EventId})",
        EventSentEvent sent => $"event '{sent.Name}' to '{sent.InstanceId}' (#{sent.EventId})",
        _ => recorded.GetType().Name,
    };
}

internal sealed record ScheduleTaskAction(int Id, string Name, string? Input) : OrchestratorAction(Id)
{
    public override string Describe() => $"activity '{Name}' (#{Id})";

    public override ScheduledEvent ToEvent(DateTime timestamp) => new TaskScheduledEvent(timestamp, Id, Name, Input);
}

internal sealed record CreateTimerAction(int Id, DateTime FireAt) : OrchestratorAction(Id)
{
    public override string Describe() => $"timer #{Id} firing at {FireAt:O}";

    public override ScheduledEvent ToEvent(DateTime timestamp) => new TimerCreatedEvent(timestamp, Id, FireAt);
}

internal sealed record CreateSubOrchestrationAction(int Id, string Name, string InstanceId, string? Input) : OrchestratorAction(Id)
{
    public override string Describe() => $"sub-orchestration '{Name}' '{InstanceId}' (#{Id})";

    public override ScheduledEvent ToEvent(DateTime timestamp) => new SubOrchestrationCreatedEvent(timestamp, Id, Name, InstanceId, Input);
}

internal sealed record SendEventAction(int Id, string InstanceId, string EventName, string? Input) : OrchestratorAction(Id)
{
    public override string Describe() => $"event '{EventName}' to '{InstanceId}' (#{Id})";

    public override ScheduledEvent ToEvent(DateTime timestamp) => new EventSentEvent(timestamp, Id, InstanceId, EventName, Input);
}
