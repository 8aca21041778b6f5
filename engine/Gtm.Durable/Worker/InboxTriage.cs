using Gtm.Durable.Backend;
using Gtm.Durable.History;

namespace Gtm.Durable.Worker;

/// <summary>
/// Decides which inbox messages an episode applies, in which order, and which it drops or leaves:
/// a start message begins an execution; terminate ends it; while suspended only resume and
/// terminate are taken, the rest wait; messages for an older execution are dropped.
/// </summary>
internal sealed class InboxTriage
{
    private InboxTriage(string? executionId, OrchestrationRuntimeStatus? status)
    {
        ExecutionId = executionId;
        Status = status;
    }

    /// <summary>The execution the episode works on (a new one when a start message was taken).</summary>
    public string? ExecutionId { get; private set; }

    /// <summary>The status once the control messages are applied; null for an instance that does not exist.</summary>
    public OrchestrationRuntimeStatus? Status { get; private set; }

    public ExecutionStartedEvent? Start { get; private set; }

    public List<HistoryEvent> Apply { get; } = [];

    public List<string> Consumed { get; } = [];

    /// <summary>Start messages refused because the instance is running: their parents are told.</summary>
    public List<ExecutionStartedEvent> Refused { get; } = [];

    public bool Terminated => Status == OrchestrationRuntimeStatus.Terminated && Apply.OfType<ExecutionTerminatedEvent>().Any();

    /// <summary>True when replay has something to do: a start, or an event for the orchestrator.</summary>
    public bool NeedsReplay => !Terminated && (Start is not null || Apply.Any(e => e is CompletionEvent or EventRaisedEvent));

    public static InboxTriage Of(InstanceState? state, bool historyIsEmpty, IReadOnlyList<InstanceMessage> messages)
    {
        if (state is null)
        {
            // Nothing created this instance yet: its messages wait for it.
            return new InboxTriage(null, null);
        }

        var triage = new InboxTriage(state.ExecutionId, state.Status);
        List<InstanceMessage> pending = [.. messages];
        // Pending, or running a continued-as-new execution that has not started yet: its start is in the inbox.
        bool awaitsStart = state.Status == OrchestrationRuntimeStatus.Pending || (state.Status == OrchestrationRuntimeStatus.Running && historyIsEmpty);
        if (awaitsStart || state.Status.IsTerminal())
        {
            InstanceMessage? start = pending.FirstOrDefault(m => m.Event is ExecutionStartedEvent s
                && (awaitsStart ? s.ExecutionId == state.ExecutionId : s.ExecutionId != state.ExecutionId));
            if (start is null)
            {
                triage.TakeWithoutExecution(pending, state.Status);
                return triage;
            }

            pending.Remove(start);
            triage.Consumed.Add(start.MessageId);
            triage.Start = (ExecutionStartedEvent)start.Event;
            triage.ExecutionId = triage.Start.ExecutionId;
            triage.Status = OrchestrationRuntimeStatus.Running;
        }

        triage.Take(ResumeFirstWhenSuspended(pending, triage.Status ?? state.Status));
        return triage;
    }

    /// <summary>A pending instance takes only terminate; a finished one drops everything.</summary>
    private void TakeWithoutExecution(List<InstanceMessage> pending, OrchestrationRuntimeStatus status)
    {
        if (status.IsTerminal())
        {
            Consumed.AddRange(pending.Select(m => m.MessageId));
            return;
        }

        if (pending.FirstOrDefault(m => m.Event is ExecutionTerminatedEvent) is { } terminate)
        {
            Consumed.Add(terminate.MessageId);
            Apply.Add(terminate.Event);
            Status = OrchestrationRuntimeStatus.Terminated;
        }
    }

    private static List<InstanceMessage> ResumeFirstWhenSuspended(List<InstanceMessage> pending, OrchestrationRuntimeStatus status)
    {
        if (status == OrchestrationRuntimeStatus.Suspended && pending.FirstOrDefault(m => m.Event is ExecutionResumedEvent) is { } resume)
        {
            pending.Remove(resume);
            pending.Insert(0, resume);
        }

        return pending;
    }

    private void Take(List<InstanceMessage> pending)
    {
        foreach (InstanceMessage message in pending)
        {
            if (Status == OrchestrationRuntimeStatus.Terminated)
            {
                // Everything after a terminate is moot, except a start that may restart the instance later.
                if (message.Event is not ExecutionStartedEvent)
                {
                    Consumed.Add(message.MessageId);
                }

                continue;
            }

            if (message.ExecutionId is not null && message.ExecutionId != ExecutionId && message.Event is not ExecutionStartedEvent)
            {
                Consumed.Add(message.MessageId);
                continue;
            }

            switch (message.Event)
            {
                case ExecutionStartedEvent refused:
                    Consumed.Add(message.MessageId);
                    Refused.Add(refused);
                    break;
                case ExecutionTerminatedEvent:
                    Consumed.Add(message.MessageId);
                    Apply.Add(message.Event);
                    Status = OrchestrationRuntimeStatus.Terminated;
                    break;
                case ExecutionSuspendedEvent:
                    Consumed.Add(message.MessageId);
                    if (Status == OrchestrationRuntimeStatus.Running)
                    {
                        Apply.Add(message.Event);
                        Status = OrchestrationRuntimeStatus.Suspended;
                    }

                    break;
                case ExecutionResumedEvent:
                    Consumed.Add(message.MessageId);
                    if (Status == OrchestrationRuntimeStatus.Suspended)
                    {
                        Apply.Add(message.Event);
                        Status = OrchestrationRuntimeStatus.Running;
                    }

                    break;
                default:
                    // While suspended, events wait in the inbox until the instance resumes.
                    if (Status != OrchestrationRuntimeStatus.Suspended)
                    {
                        Consumed.Add(message.MessageId);
                        Apply.Add(message.Event);
                    }

                    break;
            }
        }
    }
}
