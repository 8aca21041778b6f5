using System.Text.Json.Serialization;

namespace Gtm.Durable.History;

/// <summary>
/// One entry of an orchestration's append-only history. Scheduling events carry the id the
/// orchestrator's call took; completions point back at it with <c>TaskScheduledId</c>.
/// Inbox messages are history events too, waiting to be applied.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(OrchestratorStartedEvent), "OrchestratorStarted")]
[JsonDerivedType(typeof(ExecutionStartedEvent), "ExecutionStarted")]
[JsonDerivedType(typeof(TaskScheduledEvent), "TaskScheduled")]
[JsonDerivedType(typeof(TaskCompletedEvent), "TaskCompleted")]
[JsonDerivedType(typeof(TaskFailedEvent), "TaskFailed")]
[JsonDerivedType(typeof(TimerCreatedEvent), "TimerCreated")]
[JsonDerivedType(typeof(TimerFiredEvent), "TimerFired")]
[JsonDerivedType(typeof(SubOrchestrationCreatedEvent), "SubOrchestrationCreated")]
[JsonDerivedType(typeof(SubOrchestrationCompletedEvent), "SubOrchestrationCompleted")]
[JsonDerivedType(typeof(SubOrchestrationFailedEvent), "SubOrchestrationFailed")]
[JsonDerivedType(typeof(EventSentEvent), "EventSent")]
[JsonDerivedType(typeof(EventRaisedEvent), "EventRaised")]
[JsonDerivedType(typeof(ExecutionSuspendedEvent), "ExecutionSuspended")]
[JsonDerivedType(typeof(ExecutionResumedEvent), "ExecutionResumed")]
[JsonDerivedType(typeof(ExecutionTerminatedEvent), "ExecutionTerminated")]
[JsonDerivedType(typeof(ContinueAsNewEvent), "ContinueAsNew")]
[JsonDerivedType(typeof(ExecutionCompletedEvent), "ExecutionCompleted")]
public abstract record HistoryEvent(DateTime Timestamp);

/// <summary>An event the orchestrator's own calls produced; replay must produce the same one.</summary>
public abstract record ScheduledEvent(DateTime Timestamp, int EventId) : HistoryEvent(Timestamp);

/// <summary>The result of something scheduled earlier, matched to it by <see cref="TaskScheduledId"/>.</summary>
public abstract record CompletionEvent(DateTime Timestamp, int TaskScheduledId) : HistoryEvent(Timestamp);

/// <summary>Starts every episode; its timestamp is the orchestrator's CurrentUtcDateTime.</summary>
public sealed record OrchestratorStartedEvent(DateTime Timestamp) : HistoryEvent(Timestamp);

public sealed record ExecutionStartedEvent(
    DateTime Timestamp,
    string Name,
    string ExecutionId,
    string? Input,
    ParentOrchestrationInstance? Parent = null,
    DateTime? ScheduledStartTime = null) : HistoryEvent(Timestamp);

public sealed record TaskScheduledEvent(DateTime Timestamp, int EventId, string Name, string? Input) : ScheduledEvent(Timestamp, EventId);

public sealed record TaskCompletedEvent(DateTime Timestamp, int TaskScheduledId, string? Result) : CompletionEvent(Timestamp, TaskScheduledId);

public sealed record TaskFailedEvent(DateTime Timestamp, int TaskScheduledId, TaskFailureDetails FailureDetails) : CompletionEvent(Timestamp, TaskScheduledId);

public sealed record TimerCreatedEvent(DateTime Timestamp, int EventId, DateTime FireAt) : ScheduledEvent(Timestamp, EventId);

public sealed record TimerFiredEvent(DateTime Timestamp, int TaskScheduledId, DateTime FireAt) : CompletionEvent(Timestamp, TaskScheduledId);

public sealed record SubOrchestrationCreatedEvent(DateTime Timestamp, int EventId, string Name, string InstanceId, string? Input)
    : ScheduledEvent(Timestamp, EventId);

public sealed record SubOrchestrationCompletedEvent(DateTime Timestamp, int TaskScheduledId, string? Result)
    : CompletionEvent(Timestamp, TaskScheduledId);

public sealed record SubOrchestrationFailedEvent(DateTime Timestamp, int TaskScheduledId, TaskFailureDetails FailureDetails)
    : CompletionEvent(Timestamp, TaskScheduledId);

public sealed record EventSentEvent(DateTime Timestamp, int EventId, string InstanceId, string Name, string? Input)
    : ScheduledEvent(Timestamp, EventId);

public sealed record EventRaisedEvent(DateTime Timestamp, string Name, string? Input) : HistoryEvent(Timestamp);

public sealed record ExecutionSuspendedEvent(DateTime Timestamp, string? Reason) : HistoryEvent(Timestamp);

public sealed record ExecutionResumedEvent(DateTime Timestamp, string? Reason) : HistoryEvent(Timestamp);

public sealed record ExecutionTerminatedEvent(DateTime Timestamp, string? Reason) : HistoryEvent(Timestamp);

/// <summary>Ends an execution that restarts itself with <see cref="Input"/> and fresh history.</summary>
public sealed record ContinueAsNewEvent(DateTime Timestamp, string? Input) : HistoryEvent(Timestamp);

public sealed record ExecutionCompletedEvent(
    DateTime Timestamp,
    OrchestrationRuntimeStatus Status,
    string? Result,
    TaskFailureDetails? FailureDetails = null) : HistoryEvent(Timestamp);
