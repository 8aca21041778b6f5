namespace Gtm.Durable;

/// <summary>The untyped view of an activity that the dispatcher runs.</summary>
public interface ITaskActivity
{
    Type InputType { get; }

    Task<object?> RunAsync(TaskActivityContext context, object? input);
}

/// <summary>
/// Base class of activities: the only place with side effects. Activities run at least once;
/// one with an outside effect must use <see cref="TaskActivityContext.IdempotencyKey"/> or a key
/// derived from it.
/// </summary>
public abstract class TaskActivity<TInput, TOutput> : ITaskActivity
{
    Type ITaskActivity.InputType => typeof(TInput);

    public abstract Task<TOutput> RunAsync(TaskActivityContext context, TInput input);

    async Task<object?> ITaskActivity.RunAsync(TaskActivityContext context, object? input) =>
        await RunAsync(context, input is TInput typed ? typed : default!).ConfigureAwait(false);
}
