namespace Gtm.Durable.Backend;

/// <summary>What the backend stores about an instance besides its history.</summary>
public sealed record InstanceState(
    string InstanceId,
    string Name,
    string ExecutionId,
    OrchestrationRuntimeStatus Status,
    DateTime CreatedAt,
    DateTime LastUpdatedAt)
{
    public string? Input { get; init; }

    public string? Output { get; init; }

    public string? CustomStatus { get; init; }

    public TaskFailureDetails? FailureDetails { get; init; }

    public DateTime? CompletedAt { get; init; }

    public DateTime? ScheduledStartAt { get; init; }

    public ParentOrchestrationInstance? Parent { get; init; }
}
