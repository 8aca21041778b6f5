using Gtm.Durable.Backend;
using Gtm.Durable.Serialization;

namespace Gtm.Durable;

/// <summary>The status of an instance as a client sees it.</summary>
public sealed class OrchestrationMetadata
{
    private readonly DataConverter converter;

    internal OrchestrationMetadata(InstanceState state, DataConverter converter)
    {
        this.converter = converter;
        Name = state.Name;
        InstanceId = state.InstanceId;
        RuntimeStatus = state.Status;
        CreatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.CreatedAt, DateTimeKind.Utc));
        LastUpdatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.LastUpdatedAt, DateTimeKind.Utc));
        CompletedAt = state.CompletedAt is { } completed ? new DateTimeOffset(DateTime.SpecifyKind(completed, DateTimeKind.Utc)) : null;
        SerializedInput = state.Input;
        SerializedOutput = state.Output;
        SerializedCustomStatus = state.CustomStatus;
        FailureDetails = state.FailureDetails;
    }

    public string Name { get; }

    public string InstanceId { get; }

    public OrchestrationRuntimeStatus RuntimeStatus { get; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset LastUpdatedAt { get; }

    public DateTimeOffset? CompletedAt { get; }

    public string? SerializedInput { get; }

    public string? SerializedOutput { get; }

    public string? SerializedCustomStatus { get; }

    public TaskFailureDetails? FailureDetails { get; }

    public bool IsRunning => RuntimeStatus is OrchestrationRuntimeStatus.Running;

    public bool IsCompleted => RuntimeStatus.IsTerminal();

    public T? ReadInputAs<T>() => converter.Deserialize<T>(SerializedInput);

    public T? ReadOutputAs<T>() => converter.Deserialize<T>(SerializedOutput);

    public T? ReadCustomStatusAs<T>() => converter.Deserialize<T>(SerializedCustomStatus);
}
