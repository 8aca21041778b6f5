using Gtm.Durable.History;

namespace Gtm.Durable.Replay;

/// <summary>How an execution ended, when it did.</summary>
internal abstract record OrchestrationOutcome;

internal sealed record CompletedOutcome(string? Output) : OrchestrationOutcome;

internal sealed record FailedOutcome(TaskFailureDetails Failure) : OrchestrationOutcome;

internal sealed record ContinuedAsNewOutcome(string? Input, IReadOnlyList<EventRaisedEvent> CarriedEvents) : OrchestrationOutcome;

/// <summary>
/// What one episode of replay produced: new actions, the outcome if the orchestrator finished,
/// and the new completions it ignored as duplicates (they are not recorded in history).
/// </summary>
internal sealed record ExecutionResult(
    IReadOnlyList<OrchestratorAction> NewActions,
    OrchestrationOutcome? Outcome,
    string? CustomStatus,
    IReadOnlyList<HistoryEvent> IgnoredDuplicates);
