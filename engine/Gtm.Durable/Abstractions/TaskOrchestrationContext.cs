using Microsoft.Extensions.Logging;

namespace Gtm.Durable;

/// <summary>
/// Everything an orchestrator may do. Every call is recorded in history and replayed, so the
/// orchestrator sees the same results, times and GUIDs on every replay.
/// </summary>
public abstract class TaskOrchestrationContext
{
    public abstract string Name { get; }

    public abstract string InstanceId { get; }

    public abstract ParentOrchestrationInstance? Parent { get; }

    /// <summary>The time of the current episode, from history: the same on every replay.</summary>
    public abstract DateTime CurrentUtcDateTime { get; }

    /// <summary>True while the orchestrator is re-running past events.</summary>
    public abstract bool IsReplaying { get; }

    public abstract T? GetInput<T>();

    public abstract Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null);

    public Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null) =>
        CallActivityAsync<object?>(name, input, options);

    /// <summary>A durable timer: it fires at <paramref name="fireAt"/> even if every process restarts meanwhile.</summary>
    public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    public Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken) =>
        CreateTimer(CurrentUtcDateTime.Add(delay), cancellationToken);

    /// <summary>
    /// Waits for an event raised on this instance (names are case-insensitive). Events that arrive
    /// before the wait are buffered; each event completes one wait.
    /// </summary>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);

    /// <summary>Waits for an event or a durable timeout, whichever comes first; throws <see cref="TaskCanceledException"/> on timeout.</summary>
    public async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout)
    {
        using var timerCancellation = new CancellationTokenSource();
        using var waitCancellation = new CancellationTokenSource();
        Task<T> eventTask = WaitForExternalEvent<T>(eventName, waitCancellation.Token);
        if (eventTask.IsCompleted)
        {
            // Already buffered: no timer to create, record or fire later.
            return await eventTask;
        }

        Task timerTask = CreateTimer(timeout, timerCancellation.Token);
        Task winner = await Task.WhenAny(eventTask, timerTask);
        // Cancel() rather than CancelAsync(): callbacks must run on the orchestrator's own thread.
        if (winner == eventTask)
        {
#pragma warning disable CA1849
            timerCancellation.Cancel();
            return await eventTask;
        }

        waitCancellation.Cancel();
#pragma warning restore CA1849
        throw new TaskCanceledException($"No '{eventName}' event arrived within {timeout}.");
    }

    public abstract Task<TResult> CallSubOrchestratorAsync<TResult>(string orchestratorName, object? input = null, TaskOptions? options = null);

    public Task CallSubOrchestratorAsync(string orchestratorName, object? input = null, TaskOptions? options = null) =>
        CallSubOrchestratorAsync<object?>(orchestratorName, input, options);

    /// <summary>Raises an event on another instance, exactly once as far as history is concerned.</summary>
    public abstract void SendEvent(string instanceId, string eventName, object? payload);

    /// <summary>Restarts this instance with fresh history once the orchestrator returns.</summary>
    public abstract void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true);

    /// <summary>A small JSON-serializable value (at most 16 KB) shown in the instance's status.</summary>
    public abstract void SetCustomStatus(object? customStatus);

    /// <summary>A deterministic, name-based (version 5) GUID: the same on every replay.</summary>
    public abstract Guid NewGuid();

    /// <summary>A logger that stays silent while the orchestrator replays.</summary>
    public abstract ILogger CreateReplaySafeLogger(string categoryName);

    public ILogger CreateReplaySafeLogger<T>() => CreateReplaySafeLogger(typeof(T).FullName ?? typeof(T).Name);
}
