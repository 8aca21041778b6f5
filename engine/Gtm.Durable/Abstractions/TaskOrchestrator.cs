namespace Gtm.Durable;

/// <summary>The untyped view of an orchestrator that the executor runs.</summary>
public interface ITaskOrchestrator
{
    Type InputType { get; }

    Task<object?> RunAsync(TaskOrchestrationContext context, object? input);
}

/// <summary>
/// Base class of orchestrators. An orchestrator only decides: it calls activities, timers and
/// events through its context and does no I/O. It is replayed from history, so it must be
/// deterministic (time and GUIDs come from the context).
/// </summary>
public abstract class TaskOrchestrator<TInput, TOutput> : ITaskOrchestrator
{
    Type ITaskOrchestrator.InputType => typeof(TInput);

    public abstract Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input);

    async Task<object?> ITaskOrchestrator.RunAsync(TaskOrchestrationContext context, object? input) =>
        await RunAsync(context, input is TInput typed ? typed : default!);
}
