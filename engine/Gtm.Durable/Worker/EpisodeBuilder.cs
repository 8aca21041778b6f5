using Gtm.Durable.Backend;
using Gtm.Durable.History;
using Gtm.Durable.Replay;

namespace Gtm.Durable.Worker;

/// <summary>Accumulates one episode's history, messages and state change.</summary>
internal sealed class EpisodeBuilder
{
    private readonly InboxTriage triage;
    private readonly DateTime now;
    private readonly List<HistoryEvent> newEvents;
    private readonly List<InstanceMessage> messages = [];
    private readonly List<ActivityRequest> activities = [];
    private readonly string historyExecutionId;

    public EpisodeBuilder(InstanceState current, InboxTriage triage, DateTime now)
    {
        this.triage = triage;
        this.now = now;
        historyExecutionId = triage.ExecutionId!;
        State = current with { ExecutionId = historyExecutionId, Status = triage.Status!.Value, LastUpdatedAt = now };
        if (triage.Start is { } start)
        {
            State = State with
            {
                Name = start.Name,
                Input = start.Input,
                Output = null,
                FailureDetails = null,
                CustomStatus = null,
                CompletedAt = null,
                Parent = start.Parent,
                CreatedAt = current.Status == OrchestrationRuntimeStatus.Pending ? current.CreatedAt : now,
            };
        }

        newEvents = [new OrchestratorStartedEvent(now)];
        if (triage.Start is not null)
        {
            newEvents.Add(triage.Start);
        }

        newEvents.AddRange(triage.Apply);
    }

    public InstanceState State { get; private set; }

    public IReadOnlyList<HistoryEvent> NewEvents => newEvents;

    public OrchestrationEpisode Build()
    {
        bool changed = triage.Start is not null || triage.Apply.Count > 0;
        return new OrchestrationEpisode(
            State,
            historyExecutionId,
            changed ? newEvents : [],
            triage.Consumed,
            messages,
            activities)
        {
            StartsNewHistory = triage.Start is not null,
        };
    }

    /// <summary>A start message for an instance that is already running fails the parent's call.</summary>
    public void RefuseStarts()
    {
        foreach (ExecutionStartedEvent refused in triage.Refused)
        {
            if (refused.Parent is { } parent)
            {
                var failure = new TaskFailureDetails(
                    typeof(OrchestrationAlreadyExistsException).FullName!,
                    $"Sub-orchestration instance '{State.InstanceId}' is already running.");
                messages.Add(new InstanceMessage(
                    parent.InstanceId,
                    MessageIds.SubOrchestrationResult(parent.ExecutionId, parent.TaskScheduledId),
                    new SubOrchestrationFailedEvent(now, parent.TaskScheduledId, failure),
                    parent.ExecutionId));
            }
        }
    }

    public void Terminate()
    {
        string? reason = triage.Apply.OfType<ExecutionTerminatedEvent>().Last().Reason;
        State = State with { Status = OrchestrationRuntimeStatus.Terminated, Output = reason, CompletedAt = now };
        NotifyParent(failure: new TaskFailureDetails("Terminated", $"Instance '{State.InstanceId}' was terminated: {reason}"));
    }

    /// <summary>Turns the replay's new actions and outcome into history, messages and state.</summary>
    public void Record(ExecutionResult result)
    {
        State = State with { CustomStatus = result.CustomStatus };
        // By reference: two identical completions are two events, and only the one replay ignored goes.
        newEvents.RemoveAll(e => result.IgnoredDuplicates.Any(ignored => ReferenceEquals(ignored, e)));
        foreach (OrchestratorAction action in result.NewActions)
        {
            newEvents.Add(action.ToEvent(now));
            Send(action);
        }

        switch (result.Outcome)
        {
            case CompletedOutcome completed:
                newEvents.Add(new ExecutionCompletedEvent(now, OrchestrationRuntimeStatus.Completed, completed.Output));
                State = State with { Status = OrchestrationRuntimeStatus.Completed, Output = completed.Output, CompletedAt = now };
                NotifyParent(output: completed.Output);
                break;
            case FailedOutcome failed:
                newEvents.Add(new ExecutionCompletedEvent(now, OrchestrationRuntimeStatus.Failed, null, failed.Failure));
                State = State with { Status = OrchestrationRuntimeStatus.Failed, FailureDetails = failed.Failure, CompletedAt = now };
                NotifyParent(failure: failed.Failure);
                break;
            case ContinuedAsNewOutcome next:
                newEvents.Add(new ContinueAsNewEvent(now, next.Input));
                ContinueAsNew(next);
                break;
        }
    }

    private void ContinueAsNew(ContinuedAsNewOutcome next)
    {
        string executionId = DeterministicGuid.Create($"{historyExecutionId}/continue-as-new").ToString("N");
        State = State with { ExecutionId = executionId, Input = next.Input, Status = OrchestrationRuntimeStatus.Running };
        var start = new ExecutionStartedEvent(now, State.Name, executionId, next.Input, State.Parent);
        messages.Add(new InstanceMessage(State.InstanceId, MessageIds.Start(executionId), start, executionId));
        for (int index = 0; index < next.CarriedEvents.Count; index++)
        {
            messages.Add(new InstanceMessage(State.InstanceId, MessageIds.CarriedEvent(executionId, index), next.CarriedEvents[index], executionId));
        }
    }

    private void Send(OrchestratorAction action)
    {
        string instanceId = State.InstanceId;
        switch (action)
        {
            case ScheduleTaskAction task:
                activities.Add(new ActivityRequest(instanceId, historyExecutionId, task.Id, task.Name, task.Input));
                break;
            case CreateTimerAction timer:
                messages.Add(new InstanceMessage(
                    instanceId,
                    MessageIds.Timer(historyExecutionId, timer.Id),
                    new TimerFiredEvent(timer.FireAt, timer.Id, timer.FireAt),
                    historyExecutionId,
                    timer.FireAt));
                break;
            case CreateSubOrchestrationAction sub:
                string childExecutionId = DeterministicGuid.Create($"{historyExecutionId}/{sub.Id}").ToString("N");
                var parent = new ParentOrchestrationInstance(State.Name, instanceId, historyExecutionId, sub.Id);
                messages.Add(new InstanceMessage(
                    sub.InstanceId,
                    MessageIds.Start(childExecutionId),
                    new ExecutionStartedEvent(now, sub.Name, childExecutionId, sub.Input, parent),
                    childExecutionId));
                break;
            case SendEventAction sent:
                messages.Add(new InstanceMessage(
                    sent.InstanceId,
                    MessageIds.SentEvent(historyExecutionId, sent.Id),
                    new EventRaisedEvent(now, sent.EventName, sent.Input)));
                break;
        }
    }

    private void NotifyParent(string? output = null, TaskFailureDetails? failure = null)
    {
        if (State.Parent is not { } parent)
        {
            return;
        }

        HistoryEvent result = failure is null
            ? new SubOrchestrationCompletedEvent(now, parent.TaskScheduledId, output)
            : new SubOrchestrationFailedEvent(now, parent.TaskScheduledId, failure);
        messages.Add(new InstanceMessage(
            parent.InstanceId,
            MessageIds.SubOrchestrationResult(parent.ExecutionId, parent.TaskScheduledId),
            result,
            parent.ExecutionId));
    }
}
