using DurableTask.Core;
using DurableTask.Core.Middleware;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gtm.LocalRunner.Durable;

/// <summary>A dispatcher middleware of the task hub worker: tests use one to move an orchestration's clock.</summary>
public delegate Task OrchestrationMiddleware(DispatchMiddlewareContext context, Func<Task> next);

/// <summary>
/// Runs the app's orchestrator and activity functions on DurableTask.Core's <see cref="TaskHubWorker"/>
/// over the task hub's orchestration service, as the Durable extension does inside the Functions
/// host. Failures travel as failure details (type, message, stack), which is what lets an
/// orchestrator catch <c>TaskFailedException</c> and a retry policy read the cause. A graceful stop
/// lets the work items in hand finish.
/// </summary>
internal sealed class DurableFunctionsWorker(
    IOrchestrationService service,
    OrchestratorFunctions orchestrators,
    ActivityFunctions activities,
    IEnumerable<OrchestrationMiddleware> middleware,
    ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private TaskHubWorker? worker;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await service.CreateIfNotExistsAsync().ConfigureAwait(false);
        worker = new TaskHubWorker(service, orchestrators, activities, loggers) { ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails };
        worker.AddOrchestrationDispatcherMiddleware(OrchestratorFunctions.SetParentAsync);
        foreach (OrchestrationMiddleware step in middleware)
        {
            worker.AddOrchestrationDispatcherMiddleware((context, next) => step(context, next));
        }

        await worker.StartAsync().ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (worker is { } running)
        {
            worker = null;
            await running.StopAsync(isForced: false).WaitAsync(cancellationToken).ConfigureAwait(false);
            running.Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);
}
