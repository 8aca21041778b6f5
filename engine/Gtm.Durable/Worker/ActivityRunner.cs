using Gtm.Durable.Backend;
using Gtm.Durable.History;
using Gtm.Durable.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace Gtm.Durable.Worker;

/// <summary>Runs one activity call in its own DI scope and turns what happened into TaskCompleted or TaskFailed.</summary>
internal sealed class ActivityRunner(DurableTaskRegistry registry, IServiceScopeFactory scopes, DataConverter converter, TimeProvider timeProvider)
{
    public async Task<HistoryEvent> RunAsync(ActivityRequest request)
    {
        if (!registry.Activities.TryGetValue(request.Name, out Type? type))
        {
            return Failed(request, new TaskFailureDetails(
                typeof(InvalidOperationException).FullName!,
                $"No activity named '{request.Name}' is registered with this worker."));
        }

        await using AsyncServiceScope scope = scopes.CreateAsyncScope();

        // Like an orchestrator's, an activity's constructor failing is an infrastructure failure:
        // it propagates, the work item is retried and, if it keeps failing, set aside as poison.
        var activity = (ITaskActivity)ActivatorUtilities.CreateInstance(scope.ServiceProvider, type);
        var context = new TaskActivityContext(request.Name, request.InstanceId, request.ExecutionId, request.TaskId);
        try
        {
            object? input = converter.Deserialize(request.Input, activity.InputType);
            object? output = await activity.RunAsync(context, input).ConfigureAwait(false);
            return new TaskCompletedEvent(Now(), request.TaskId, converter.Serialize(output));
        }
#pragma warning disable CA1031 // Any exception an activity throws is its result: the orchestrator receives it as TaskFailedException.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Failed(request, TaskFailureDetails.FromException(ex));
        }
    }

    private TaskFailedEvent Failed(ActivityRequest request, TaskFailureDetails failure) => new(Now(), request.TaskId, failure);

    private DateTime Now() => timeProvider.GetUtcNow().UtcDateTime;
}
