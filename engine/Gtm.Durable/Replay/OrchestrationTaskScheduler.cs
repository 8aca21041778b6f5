namespace Gtm.Durable.Replay;

/// <summary>
/// Runs an orchestrator's continuations one at a time on the thread that replays it, in the
/// order they became ready, so a replay is deterministic. Work that arrives from any other
/// thread means the orchestrator awaited something that is not durable (Task.Delay, Task.Run,
/// ConfigureAwait(false), I/O): that is recorded as a violation and never run.
/// </summary>
internal sealed class OrchestrationTaskScheduler : TaskScheduler
{
    private readonly Queue<Task> ready = new();
    private readonly Lock gate = new();
    // The thread that creates the scheduler replays the orchestrator; every continuation must run on it.
    private int ownerThreadId = Environment.CurrentManagedThreadId;

    public string? Violation { get; private set; }

    public override int MaximumConcurrencyLevel => 1;

    public bool IsOnOwnerThread => Environment.CurrentManagedThreadId == ownerThreadId;

    /// <summary>Starts <paramref name="body"/> on this scheduler and runs it until it waits.</summary>
    public Task<T> Start<T>(Func<Task<T>> body)
    {
        Task<T> task = Task.Factory.StartNew(body, CancellationToken.None, TaskCreationOptions.None, this).Unwrap();
        RunUntilIdle();
        return task;
    }

    /// <summary>Runs every continuation that is ready, including those that become ready meanwhile.</summary>
    public void RunUntilIdle()
    {
        while (true)
        {
            Task? next;
            lock (gate)
            {
                if (!ready.TryDequeue(out next))
                {
                    return;
                }
            }

            TryExecuteTask(next);
        }
    }

    /// <summary>Called once the episode is over: nothing may run on this scheduler again.</summary>
    public void Detach() => ownerThreadId = -1;

    public void RecordViolation(string message)
    {
        lock (gate)
        {
            Violation ??= message;
        }
    }

    protected override void QueueTask(Task task)
    {
        if (!IsOnOwnerThread)
        {
            RecordViolation(
                "The orchestrator awaited a task that did not come from its context (Task.Delay, Task.Run, " +
                "ConfigureAwait(false) or I/O), so its continuation arrived on another thread. Use context timers " +
                "and activities instead.");
            return;
        }

        lock (gate)
        {
            ready.Enqueue(task);
        }
    }

    // Never inline: continuations run in FIFO order from RunUntilIdle, never re-entrantly.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task> GetScheduledTasks()
    {
        lock (gate)
        {
            return [.. ready];
        }
    }
}
