using Gtm.Durable.History;
using Gtm.Durable.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gtm.Durable.Replay;

/// <summary>How a replayed history left the orchestrator.</summary>
public enum ReplayStatus
{
    Running,
    Completed,
    Failed,
    ContinuedAsNew,
}

/// <summary>
/// What replaying a recorded history produced. <see cref="SerializedOutput"/> is the output, or
/// the next execution's input after ContinueAsNew. <see cref="ReplayFailure"/> says why the code
/// does not reproduce the history; it is null when it does.
/// </summary>
public sealed record ReplayResult(
    ReplayStatus Status,
    string? SerializedOutput,
    TaskFailureDetails? FailureDetails,
    NonDeterministicOrchestrationException? ReplayFailure)
{
    public bool IsDeterministic => ReplayFailure is null;
}

/// <summary>
/// Replays a recorded history against today's orchestrator code, as Temporal's WorkflowReplayer
/// does: every event is a past event, so a change that breaks running instances shows up in a
/// test instead of in production. Besides the executor's own checks, a history that records how
/// the execution ended must end the same way, and replay must not schedule work it does not record.
/// </summary>
public static class OrchestrationReplayer
{
    public static ReplayResult Replay(
        ITaskOrchestrator orchestrator,
        string name,
        string instanceId,
        IReadOnlyList<HistoryEvent> history,
        DataConverter? converter = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(orchestrator);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentNullException.ThrowIfNull(history);
        if (!history.Any(e => e is ExecutionStartedEvent))
        {
            throw new ArgumentException("The history has no ExecutionStarted event.", nameof(history));
        }

        var executor = new OrchestrationExecutor(orchestrator, converter ?? DataConverter.Default, loggerFactory ?? NullLoggerFactory.Instance);
        ExecutionResult result = executor.Execute(name, instanceId, history, []);
        ReplayResult replayed = result.Outcome switch
        {
            CompletedOutcome completed => new(ReplayStatus.Completed, completed.Output, null, null),
            FailedOutcome failed => new(ReplayStatus.Failed, null, failed.Failure, null),
            ContinuedAsNewOutcome next => new(ReplayStatus.ContinuedAsNew, next.Input, null, null),
            _ => new(ReplayStatus.Running, null, null, null),
        };
        if (replayed.FailureDetails is { } failure && failure.ErrorType == typeof(NonDeterministicOrchestrationException).FullName)
        {
            return replayed with { ReplayFailure = new NonDeterministicOrchestrationException(failure.ErrorMessage) };
        }

        string? mismatch = FindMismatch(history, replayed, result.NewActions);
        return mismatch is null
            ? replayed
            : replayed with { ReplayFailure = new NonDeterministicOrchestrationException($"Orchestrator '{name}' (instance '{instanceId}'): {mismatch}") };
    }

    private static string? FindMismatch(IReadOnlyList<HistoryEvent> history, ReplayResult replayed, IReadOnlyList<OrchestratorAction> unrecorded)
    {
        HistoryEvent? end = history.LastOrDefault(e => e is ExecutionCompletedEvent or ContinueAsNewEvent);
        if (end is null && history.Any(e => e is ExecutionTerminatedEvent))
        {
            // Terminate ends an instance without running its code: nothing more to compare.
            return null;
        }

        if (unrecorded.Count > 0)
        {
            return $"replay scheduled {string.Join(", ", unrecorded.Select(action => action.Describe()))}, which the history does not record.";
        }

        (ReplayStatus Status, string? Output, TaskFailureDetails? Failure) recorded = end switch
        {
            ExecutionCompletedEvent { Status: OrchestrationRuntimeStatus.Failed } failed => (ReplayStatus.Failed, null, failed.FailureDetails),
            ExecutionCompletedEvent completed => (ReplayStatus.Completed, completed.Result, null),
            ContinueAsNewEvent next => (ReplayStatus.ContinuedAsNew, next.Input, null),
            _ => (ReplayStatus.Running, null, null),
        };
        bool same = recorded.Status == replayed.Status
            && string.Equals(recorded.Output, replayed.SerializedOutput, StringComparison.Ordinal)
            && string.Equals(recorded.Failure?.ErrorType, replayed.FailureDetails?.ErrorType, StringComparison.Ordinal)
            && string.Equals(recorded.Failure?.ErrorMessage, replayed.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
        return same
            ? null
            : $"the recorded execution {Describe(recorded.Status, recorded.Output, recorded.Failure)}, but the replayed one {Describe(replayed.Status, replayed.SerializedOutput, replayed.FailureDetails)}.";
    }

    private static string Describe(ReplayStatus status, string? output, TaskFailureDetails? failure) => status switch
    {
        ReplayStatus.Running => "is still running",
        ReplayStatus.Completed => $"completed with {output ?? "no output"}",
        ReplayStatus.Failed => $"failed with {failure}",
        _ => $"continued as new with {output ?? "no input"}",
    };
}
