namespace Gtm.Durable;

/// <summary>How to start an instance: its id (a new GUID unless given) and when (now unless given).</summary>
public sealed record StartOrchestrationOptions(string? InstanceId = null, DateTimeOffset? StartAt = null)
{
    /// <summary>
    /// Statuses of an existing instance with the same id that refuse the start. Pending, running
    /// and suspended instances always refuse; by default a finished instance is replaced.
    /// </summary>
    public IReadOnlyCollection<OrchestrationRuntimeStatus> DedupeStatuses { get; init; } = [];
}
