using Gtm.Durable.History;
using Gtm.Durable.Serialization;
using Microsoft.Extensions.Logging;

namespace Gtm.Durable.Replay;

/// <summary>
/// Event-sourced replay: re-runs the orchestrator over its past events (IsReplaying), then applies
/// the new ones. Past scheduled events must match what the code schedules again; the actions the
/// past did not record are this episode's new work.
/// </summary>
internal sealed class OrchestrationExecutor(ITaskOrchestrator orchestrator, DataConverter converter, ILoggerFactory loggerFactory)
{
    public ExecutionResult Execute(string name, string instanceId, IReadOnlyList<HistoryEvent> past, IReadOnlyList<HistoryEvent> newEvents)
    {
        var scheduler = new OrchestrationTaskScheduler();
        var context = new ReplayOrchestrationContext(name, instanceId, scheduler, converter, loggerFactory);
        var episode = new Episode(orchestrator, converter, context, scheduler);
        try
        {
            IReadOnlyList<string> forbidden = ForbiddenApiScanner.Scan(orchestrator.GetType());
            if (forbidden.Count > 0)
            {
                throw new NonDeterministicOrchestrationException(
                    $"Orchestrator '{name}' calls APIs that cannot be replayed: {string.Join("; ", forbidden)}.");
            }

            context.SetReplaying(true);
            ApplyAll(episode, past);
            context.SetReplaying(false);
            ApplyAll(episode, newEvents);
            return episode.Result();
        }
        catch (NonDeterministicOrchestrationException ex)
        {
            return new ExecutionResult([], new FailedOutcome(TaskFailureDetails.FromException(ex)), context.SerializedCustomStatus, []);
        }
        finally
        {
            scheduler.Detach();
        }
    }

    private static void ApplyAll(Episode episode, IReadOnlyList<HistoryEvent> events)
    {
        foreach (HistoryEvent historyEvent in events)
        {
            if (!episode.IsFinished)
            {
                episode.Apply(historyEvent);
            }
            else if (historyEvent is EventRaisedEvent raised)
            {
                // Events that came with the one that finished the execution: ContinueAsNew may carry them over.
                episode.Buffer(raised);
            }
        }
    }

    /// <summary>The state of one replay: the running orchestrator task and its context.</summary>
    private sealed class Episode(
        ITaskOrchestrator orchestrator,
        DataConverter converter,
        ReplayOrchestrationContext context,
        OrchestrationTaskScheduler scheduler)
    {
        private readonly List<HistoryEvent> ignored = [];
        private Task<object?>? run;
        private FailedOutcome? startFailure;

        public bool IsFinished => run is { IsCompleted: true } || startFailure is not null;

        public void Apply(HistoryEvent historyEvent)
        {
            switch (historyEvent)
            {
                case OrchestratorStartedEvent started:
                    context.SetCurrentTime(started.Timestamp);
                    return;
                case ExecutionStartedEvent started:
                    Start(started);
                    break;
                case ScheduledEvent scheduled:
                    context.MatchScheduled(scheduled);
                    return;
                case CompletionEvent completion:
                    if (!context.Complete(completion) && !context.IsReplaying)
                    {
                        ignored.Add(completion);
                    }

                    break;
                case EventRaisedEvent raised:
                    context.Raise(raised);
                    break;
                default:
                    // Suspend, resume, terminate and completion markers change the instance, not the code.
                    return;
            }

            scheduler.RunUntilIdle();
            if (scheduler.Violation is { } violation)
            {
                throw new NonDeterministicOrchestrationException($"Orchestrator '{context.Name}' (instance '{context.InstanceId}'): {violation}");
            }
        }

        public void Buffer(EventRaisedEvent raised) => context.Buffer(raised);

        private void Start(ExecutionStartedEvent started)
        {
            context.SetStarted(started);
            object? input;
            try
            {
                input = converter.Deserialize(started.Input, orchestrator.InputType);
            }
            catch (System.Text.Json.JsonException ex)
            {
                startFailure = new FailedOutcome(new TaskFailureDetails(
                    typeof(ArgumentException).FullName!,
                    $"The input of orchestration '{context.Name}' is not a valid {orchestrator.InputType.Name}: {ex.Message}"));
                return;
            }

            run = scheduler.Start(() => orchestrator.RunAsync(context, input));
        }

        public ExecutionResult Result()
        {
            if (startFailure is not null)
            {
                return new ExecutionResult([], startFailure, null, []);
            }

            if (run is null)
            {
                throw new InvalidOperationException($"The history of instance '{context.InstanceId}' has no ExecutionStarted event.");
            }

            OrchestrationOutcome? outcome = run.Status switch
            {
                TaskStatus.RanToCompletion => context.ContinueAsNewRequested is { } next
                    ? new ContinuedAsNewOutcome(next.Input, next.PreserveUnprocessedEvents ? [.. context.UnprocessedEvents] : [])
                    : new CompletedOutcome(converter.Serialize(run.Result)),
                TaskStatus.Faulted => new FailedOutcome(TaskFailureDetails.FromException(run.Exception!.InnerException ?? run.Exception)),
                TaskStatus.Canceled => new FailedOutcome(CanceledFailure()),
                _ when context.WaitsOnNothingDurable => throw new NonDeterministicOrchestrationException(
                    $"Orchestrator '{context.Name}' (instance '{context.InstanceId}') is waiting on a task that did not come " +
                    "from its context (Task.Delay, Task.Run or I/O), so it could never resume. Use context timers and activities."),
                _ => null,
            };
            return new ExecutionResult([.. context.PendingActions], outcome, context.SerializedCustomStatus, ignored);
        }

        private TaskFailureDetails CanceledFailure()
        {
            try
            {
                run!.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException ex)
            {
                return TaskFailureDetails.FromException(ex);
            }

            return new TaskFailureDetails(typeof(TaskCanceledException).FullName!, "The orchestration was canceled.");
        }
    }
}
