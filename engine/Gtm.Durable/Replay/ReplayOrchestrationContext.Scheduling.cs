using Gtm.Durable.History;

namespace Gtm.Durable.Replay;

internal sealed partial class ReplayOrchestrationContext
{
    public override Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return WithRetry(options?.Retry, () => ScheduleActivity<TResult>(name, input));
    }

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(string orchestratorName, object? input = null, TaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);
        string? instanceId = (options as SubOrchestrationOptions)?.InstanceId;
        return WithRetry(options?.Retry, () => ScheduleSubOrchestration<TResult>(orchestratorName, instanceId, input));
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        EnsureOrchestratorThread();
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        int id = TakeNextId();
        DateTime fireAtUtc = fireAt.Kind == DateTimeKind.Local ? fireAt.ToUniversalTime() : DateTime.SpecifyKind(fireAt, DateTimeKind.Utc);
        pendingActions.Add(id, new CreateTimerAction(id, fireAtUtc));
        var completion = new TaskCompletionSource<string?>();
        IDisposable? registration = cancellationToken.CanBeCanceled
            ? cancellationToken.Register(() =>
            {
                // A cancelled timer stays in history; its TimerFired event is then simply ignored.
                if (openTasks.Remove(id))
                {
                    completion.TrySetCanceled(cancellationToken);
                }
            })
            : null;
        openTasks.Add(id, new OpenTask($"timer #{id}", OpenTaskKind.Timer, completion, registration));
        return completion.Task;
    }

    public override void SendEvent(string instanceId, string eventName, object? payload)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        EnsureOrchestratorThread();
        int id = TakeNextId();
        pendingActions.Add(id, new SendEventAction(id, instanceId, eventName, converter.Serialize(payload)));
    }

    private async Task<TResult> ScheduleActivity<TResult>(string name, object? input)
    {
        EnsureOrchestratorThread();
        int id = TakeNextId();
        pendingActions.Add(id, new ScheduleTaskAction(id, name, converter.Serialize(input)));
        string? result = await Open(id, $"activity '{name}'", OpenTaskKind.Activity);
        return converter.Deserialize<TResult>(result)!;
    }

    private async Task<TResult> ScheduleSubOrchestration<TResult>(string name, string? instanceId, object? input)
    {
        EnsureOrchestratorThread();
        int id = TakeNextId();
        string childId = instanceId ?? $"{InstanceId}:{id:D4}";
        pendingActions.Add(id, new CreateSubOrchestrationAction(id, name, childId, converter.Serialize(input)));
        string? result = await Open(id, $"sub-orchestration '{name}'", OpenTaskKind.SubOrchestration);
        return converter.Deserialize<TResult>(result)!;
    }

    private Task<string?> Open(int id, string name, OpenTaskKind kind)
    {
        var completion = new TaskCompletionSource<string?>();
        openTasks.Add(id, new OpenTask(name, kind, completion));
        return completion.Task;
    }

    /// <summary>Retries spaced by durable timers; each attempt is a new call with a new id.</summary>
    private async Task<TResult> WithRetry<TResult>(RetryPolicy? policy, Func<Task<TResult>> attempt)
    {
        if (policy is null)
        {
            return await attempt();
        }

        DateTime firstAttemptAt = CurrentUtcDateTime;
        for (int attemptNumber = 1; ; attemptNumber++)
        {
            TaskFailedException failure;
            try
            {
                return await attempt();
            }
            catch (TaskFailedException ex) when (attemptNumber < policy.MaxNumberOfAttempts && policy.HandleFailure(ex.FailureDetails))
            {
                failure = ex;
            }

            DateTime retryAt = CurrentUtcDateTime + policy.DelayBeforeRetry(attemptNumber);
            if (policy.RetryTimeout is { } timeout && retryAt > firstAttemptAt + timeout)
            {
                throw failure;
            }

            await CreateTimer(retryAt, CancellationToken.None);
        }
    }

    /// <summary>Checks a scheduled event from history against the action replay produced with the same id.</summary>
    public void MatchScheduled(ScheduledEvent recorded)
    {
        if (!pendingActions.Remove(recorded.EventId, out OrchestratorAction? action))
        {
            throw new NonDeterministicOrchestrationException(
                $"Non-deterministic orchestration '{Name}' (instance '{InstanceId}'): history has " +
                $"{OrchestratorAction.Describe(recorded)}, but replay did not schedule it. {ChangeHint}");
        }

        if (!action.Matches(recorded))
        {
            throw new NonDeterministicOrchestrationException(
                $"Non-deterministic orchestration '{Name}' (instance '{InstanceId}'): history has " +
                $"{OrchestratorAction.Describe(recorded)}, but replay scheduled {action.Describe()}. {ChangeHint}");
        }
    }

    private const string ChangeHint =
        "Was the orchestrator changed while this instance was running, or does it depend on something other " +
        "than its context (the wall clock, random numbers, I/O)?";

    /// <summary>Completes the task a completion event points at; a completion for no open task is a duplicate and is ignored.</summary>
    public bool Complete(CompletionEvent completion)
    {
        if (!openTasks.Remove(completion.TaskScheduledId, out OpenTask? open))
        {
            return false;
        }

        if (!open.Kind.Completes(completion))
        {
            throw new NonDeterministicOrchestrationException(
                $"Non-deterministic orchestration '{Name}' (instance '{InstanceId}'): {completion.GetType().Name} points at #{completion.TaskScheduledId}, " +
                $"which is {open.Name}. The history does not belong to this orchestrator.");
        }

        open.CancellationRegistration?.Dispose();
        switch (completion)
        {
            case TaskCompletedEvent done:
                open.Completion.TrySetResult(done.Result);
                break;
            case SubOrchestrationCompletedEvent done:
                open.Completion.TrySetResult(done.Result);
                break;
            case TimerFiredEvent:
                open.Completion.TrySetResult(null);
                break;
            case TaskFailedEvent failed:
                open.Completion.TrySetException(new TaskFailedException(open.Name, completion.TaskScheduledId, failed.FailureDetails));
                break;
            case SubOrchestrationFailedEvent failed:
                open.Completion.TrySetException(new TaskFailedException(open.Name, completion.TaskScheduledId, failed.FailureDetails));
                break;
        }

        return true;
    }
}
