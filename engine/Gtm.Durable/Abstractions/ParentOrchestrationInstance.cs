namespace Gtm.Durable;

/// <summary>The orchestration that started this one as a sub-orchestration.</summary>
public sealed record ParentOrchestrationInstance(string Name, string InstanceId, string ExecutionId, int TaskScheduledId);
