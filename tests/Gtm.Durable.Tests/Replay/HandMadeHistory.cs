using Gtm.Durable.History;
using Gtm.Durable.Replay;
using Gtm.Durable.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gtm.Durable.Tests.Replay;

/// <summary>Builds histories by hand and runs the executor over them, with no backend.</summary>
internal static class HandMadeHistory
{
    public const string InstanceId = "instance-1";

    /// <summary>The time of the first episode; later episodes are given in seconds after it.</summary>
    public static readonly DateTime Start = new(2025, 1, 1, 9, 0, 0, DateTimeKind.Utc);

    public static DateTime At(double seconds) => Start.AddSeconds(seconds);

    public static string? Json(object? value) => DataConverter.Default.Serialize(value);

    /// <summary>The first episode's opening events: the episode time, then the execution's start.</summary>
    public static HistoryEvent[] Started(string name, object? input) =>
        [new OrchestratorStartedEvent(Start), new ExecutionStartedEvent(Start, name, "execution-1", Json(input))];

    public static OrchestratorStartedEvent Episode(double seconds) => new(At(seconds));

    public static TaskScheduledEvent Scheduled(int id, string name, object? input) => new(Start, id, name, Json(input));

    public static TaskCompletedEvent Completed(int id, object? result) => new(Start, id, Json(result));

    public static EventRaisedEvent Raised(string name, object? payload) => new(Start, name, Json(payload));

    public static ExecutionResult Execute(
        ITaskOrchestrator orchestrator,
        IReadOnlyList<HistoryEvent> past,
        IReadOnlyList<HistoryEvent> newEvents,
        ILoggerFactory? loggerFactory = null) =>
        new OrchestrationExecutor(orchestrator, DataConverter.Default, loggerFactory ?? NullLoggerFactory.Instance)
            .Execute(orchestrator.GetType().Name, InstanceId, past, newEvents);

    public static T? Output<T>(ExecutionResult result)
    {
        CompletedOutcome completed = Assert.IsType<CompletedOutcome>(result.Outcome);
        return DataConverter.Default.Deserialize<T>(completed.Output);
    }

    public static TaskFailureDetails Failure(ExecutionResult result) => Assert.IsType<FailedOutcome>(result.Outcome).Failure;
}
