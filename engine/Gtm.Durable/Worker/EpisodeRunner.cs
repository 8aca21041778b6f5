using Gtm.Durable.Backend;
using Gtm.Durable.History;
using Gtm.Durable.Replay;
using Gtm.Durable.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gtm.Durable.Worker;

/// <summary>
/// Turns a locked work item into the episode to commit: triages the inbox, replays the
/// orchestrator, and converts what it did into history events, messages and a new state.
/// Backend-independent: both backends commit what it returns.
/// </summary>
internal sealed class EpisodeRunner(
    DurableTaskRegistry registry,
    IServiceProvider services,
    DataConverter converter,
    ILoggerFactory loggerFactory,
    TimeProvider timeProvider)
{
    public OrchestrationEpisode Run(OrchestrationWorkItem item)
    {
        DateTime now = timeProvider.GetUtcNow().UtcDateTime;
        InboxTriage triage = InboxTriage.Of(item.State, item.History.Count == 0, item.Messages);
        if (item.State is null || triage.Status is null || triage.ExecutionId is null)
        {
            return new OrchestrationEpisode(item.State, null, [], triage.Consumed, [], []);
        }

        var builder = new EpisodeBuilder(item.State, triage, now);
        builder.RefuseStarts();
        if (triage.Terminated)
        {
            builder.Terminate();
        }
        else if (triage.NeedsReplay)
        {
            IReadOnlyList<HistoryEvent> past = triage.Start is null ? item.History : [];
            builder.Record(Replay(builder.State, past, builder.NewEvents));
        }

        return builder.Build();
    }

    private ExecutionResult Replay(InstanceState state, IReadOnlyList<HistoryEvent> past, IReadOnlyList<HistoryEvent> newEvents)
    {
        if (!registry.Orchestrators.TryGetValue(state.Name, out Type? type))
        {
            var missing = new TaskFailureDetails(
                typeof(InvalidOperationException).FullName!,
                $"No orchestrator named '{state.Name}' is registered with this worker.");
            return new ExecutionResult([], new FailedOutcome(missing), state.CustomStatus, []);
        }

        // A constructor that throws (a missing dependency, say) is an infrastructure failure:
        // the work item is abandoned and retried, and set aside as poison if it keeps failing.
        var orchestrator = (ITaskOrchestrator)ActivatorUtilities.CreateInstance(services, type);
        return new OrchestrationExecutor(orchestrator, converter, loggerFactory).Execute(state.Name, state.InstanceId, past, newEvents);
    }
}
