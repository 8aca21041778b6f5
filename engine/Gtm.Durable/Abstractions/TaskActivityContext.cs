namespace Gtm.Durable;

/// <summary>What an activity knows about the call that scheduled it.</summary>
public sealed class TaskActivityContext(string name, string instanceId, string executionId, int taskId)
{
    public string Name { get; } = name;

    public string InstanceId { get; } = instanceId;

    public string ExecutionId { get; } = executionId;

    /// <summary>The scheduling id of this call in its orchestration's history.</summary>
    public int TaskId { get; } = taskId;

    /// <summary>
    /// Stable across redeliveries of the same call (instance, execution and task id), and
    /// different for every other call, including a retry, which is a new call.
    /// </summary>
    public string IdempotencyKey => $"{InstanceId}/{ExecutionId}/{TaskId}";
}
