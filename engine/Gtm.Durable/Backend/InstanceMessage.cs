using Gtm.Durable.History;

namespace Gtm.Durable.Backend;

/// <summary>
/// A message for an instance's inbox: a history event waiting to be applied. Ids are
/// deterministic, so a redelivered message collides with the one already delivered.
/// </summary>
/// <param name="InstanceId">The instance the message is for.</param>
/// <param name="MessageId">Unique per message; see <see cref="MessageIds"/>.</param>
/// <param name="Event">The event to apply.</param>
/// <param name="ExecutionId">The execution it belongs to; messages for an older execution are dropped. Null: whichever runs.</param>
/// <param name="VisibleAt">Not to be applied before this time (durable timers, scheduled starts).</param>
public sealed record InstanceMessage(
    string InstanceId,
    string MessageId,
    HistoryEvent Event,
    string? ExecutionId = null,
    DateTime? VisibleAt = null);

/// <summary>Deterministic message ids: the same message always gets the same id.</summary>
public static class MessageIds
{
    public static string Start(string executionId) => $"start-{executionId}";

    public static string Activity(string executionId, int taskId) => $"a-{executionId}-{taskId}";

    public static string TaskResult(string executionId, int taskId) => $"t-{executionId}-{taskId}";

    public static string Timer(string executionId, int timerId) => $"timer-{executionId}-{timerId}";

    public static string SubOrchestrationResult(string parentExecutionId, int taskId) => $"sub-{parentExecutionId}-{taskId}";

    public static string SentEvent(string executionId, int eventId) => $"ev-{executionId}-{eventId}";

    public static string CarriedEvent(string executionId, int index) => $"carry-{executionId}-{index}";

    public static string ClientEvent() => $"ev-{Guid.NewGuid():N}";

    public static string Control() => $"ctl-{Guid.NewGuid():N}";
}
