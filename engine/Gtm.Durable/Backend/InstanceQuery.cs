namespace Gtm.Durable.Backend;

/// <summary>A filter over instances; every part optional.</summary>
public sealed record InstanceQuery(
    IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses = null,
    DateTime? CreatedFrom = null,
    DateTime? CreatedTo = null,
    string? InstanceIdPrefix = null,
    int PageSize = 100,
    bool FetchInputsAndOutputs = false)
{
    public bool Matches(InstanceState state) =>
        (Statuses is null || Statuses.Count == 0 || Statuses.Contains(state.Status))
        && (CreatedFrom is null || state.CreatedAt >= CreatedFrom)
        && (CreatedTo is null || state.CreatedAt <= CreatedTo)
        && (InstanceIdPrefix is null || state.InstanceId.StartsWith(InstanceIdPrefix, StringComparison.Ordinal));
}

public sealed record InstancePage(IReadOnlyList<InstanceState> Instances, string? ContinuationToken);
