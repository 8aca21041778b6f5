namespace Gtm.Durable.Backend;

/// <summary>A scheduled activity call, waiting for a worker.</summary>
public sealed record ActivityRequest(string InstanceId, string ExecutionId, int TaskId, string Name, string? Input)
{
    public string MessageId => MessageIds.Activity(ExecutionId, TaskId);

    public string ResultMessageId => MessageIds.TaskResult(ExecutionId, TaskId);
}
