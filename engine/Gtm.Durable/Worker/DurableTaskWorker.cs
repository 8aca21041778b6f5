using System.Diagnostics;
using Gtm.Durable.Backend;
using Gtm.Durable.History;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gtm.Durable.Worker;

/// <summary>
/// Fetches orchestration and activity work from the backend and runs it, up to the configured
/// concurrency. On shutdown it stops fetching and finishes what it holds; anything it cannot
/// finish goes back to the backend untouched (work items are only removed on completion).
/// </summary>
public sealed partial class DurableTaskWorker : BackgroundService
{
    private static readonly TimeSpan MaxFailureBackoff = TimeSpan.FromSeconds(5);

    private readonly IOrchestrationService service;
    private readonly EpisodeRunner episodes;
    private readonly ActivityRunner activities;
    private readonly DurableTaskOptions options;
    private readonly ILogger<DurableTaskWorker> logger;

    internal DurableTaskWorker(
        IOrchestrationService service,
        EpisodeRunner episodes,
        ActivityRunner activities,
        IOptions<DurableTaskOptions> options,
        ILogger<DurableTaskWorker> logger)
    {
        this.service = service;
        this.episodes = episodes;
        this.activities = activities;
        this.options = options.Value;
        this.logger = logger;
    }

    /// <summary>Identifies this worker in traces: machine, process, and which of the process's workers.</summary>
    public string WorkerId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarted(options.HubName, options.MaxConcurrentOrchestratorFunctions, options.MaxConcurrentActivityFunctions);
        await Task.WhenAll(
            DispatchAsync("orchestration", service.LockNextOrchestrationWorkItemAsync, RunEpisodeAsync, options.MaxConcurrentOrchestratorFunctions, stoppingToken),
            DispatchAsync("activity", service.LockNextActivityWorkItemAsync, RunActivityAsync, options.MaxConcurrentActivityFunctions, stoppingToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="concurrency"/> loops that each fetch a work item and run it. Fetching
    /// may itself do I/O (reading and locking an instance), so the loops fetch in parallel too.
    /// </summary>
    private async Task DispatchAsync<TItem>(
        string kind,
        Func<CancellationToken, Task<TItem?>> fetch,
        Func<TItem, Task> run,
        int concurrency,
        CancellationToken stoppingToken)
        where TItem : class
    {
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            TimeSpan failureBackoff = TimeSpan.Zero;
            while (!stoppingToken.IsCancellationRequested)
            {
                TItem? item;
                try
                {
                    item = await fetch(stoppingToken).ConfigureAwait(false);
                    failureBackoff = TimeSpan.Zero;
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // The loop must survive storage outages; it logs and backs off.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    failureBackoff = TimeSpan.FromTicks(Math.Clamp(failureBackoff.Ticks * 2, TimeSpan.FromMilliseconds(100).Ticks, MaxFailureBackoff.Ticks));
                    LogFetchFailed(ex, kind, failureBackoff);
                    await Task.Delay(failureBackoff, CancellationToken.None).ConfigureAwait(false);
                    continue;
                }

                // Work already fetched is finished even when stopping: it is never left half done.
                if (item is not null)
                {
                    await run(item).ConfigureAwait(false);
                }
            }
        }, CancellationToken.None))).ConfigureAwait(false);
    }

    private static readonly Func<ILogger, string, IDisposable?> OrchestrationScope = LoggerMessage.DefineScope<string>("Orchestration {InstanceId}");
    private static readonly Func<ILogger, string, string, IDisposable?> ActivityScope = LoggerMessage.DefineScope<string, string>("Activity {Activity} for {InstanceId}");

    private async Task RunEpisodeAsync(OrchestrationWorkItem item)
    {
        using Activity? span = DurableTaskTelemetry.Source.StartActivity("orchestration " + (item.State?.Name ?? "?"));
        span?.SetTag(DurableTaskTelemetry.Tags.InstanceId, item.InstanceId);
        span?.SetTag(DurableTaskTelemetry.Tags.WorkerId, WorkerId);
        using IDisposable? scope = OrchestrationScope(logger, item.InstanceId);
        long started = Stopwatch.GetTimestamp();
        try
        {
            OrchestrationEpisode episode = Replay(item);
            await service.CompleteOrchestrationWorkItemAsync(item, episode, CancellationToken.None).ConfigureAwait(false);
            span?.SetTag(DurableTaskTelemetry.Tags.Status, episode.State?.Status.ToString());
            DurableTaskTelemetry.Episodes.Add(1);
            DurableTaskTelemetry.EpisodeDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (episode.State is { } state && state.Status.IsTerminal() && episode.NewHistory.Count > 0)
            {
                LogInstanceFinished(state.Name, state.InstanceId, state.Status);
            }
        }
#pragma warning disable CA1031 // Whatever failed, the work item goes back to the backend to be retried or set aside as poison.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            DurableTaskTelemetry.Abandoned.Add(1);
            LogEpisodeFailed(ex, item.InstanceId);
            await AbandonAsync(() => service.AbandonOrchestrationWorkItemAsync(item, ex, CancellationToken.None), item.InstanceId).ConfigureAwait(false);
        }
    }

    /// <summary>The replay itself, in a span of its own: the part that must never run in two places at once.</summary>
    private OrchestrationEpisode Replay(OrchestrationWorkItem item)
    {
        using Activity? span = DurableTaskTelemetry.Source.StartActivity(DurableTaskTelemetry.ReplaySpan);
        span?.SetTag(DurableTaskTelemetry.Tags.InstanceId, item.InstanceId);
        span?.SetTag(DurableTaskTelemetry.Tags.WorkerId, WorkerId);
        return episodes.Run(item);
    }

    private async Task RunActivityAsync(ActivityWorkItem item)
    {
        ActivityRequest request = item.Request;
        using Activity? span = DurableTaskTelemetry.Source.StartActivity("activity " + request.Name);
        span?.SetTag(DurableTaskTelemetry.Tags.InstanceId, request.InstanceId);
        span?.SetTag(DurableTaskTelemetry.Tags.Name, request.Name);
        span?.SetTag(DurableTaskTelemetry.Tags.WorkerId, WorkerId);
        using IDisposable? scope = ActivityScope(logger, request.Name, request.InstanceId);
        long started = Stopwatch.GetTimestamp();
        try
        {
            HistoryEvent result = await activities.RunAsync(request).ConfigureAwait(false);
            if (result is TaskFailedEvent failed)
            {
                span?.SetStatus(ActivityStatusCode.Error, failed.FailureDetails.ErrorMessage);
            }

            await service.CompleteActivityWorkItemAsync(item, result, CancellationToken.None).ConfigureAwait(false);
            DurableTaskTelemetry.Activities.Add(1);
            DurableTaskTelemetry.ActivityDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
#pragma warning disable CA1031 // As for episodes: give the work item back.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            DurableTaskTelemetry.Abandoned.Add(1);
            LogActivityFailed(ex, request.Name, request.InstanceId);
            await AbandonAsync(() => service.AbandonActivityWorkItemAsync(item, ex, CancellationToken.None), request.InstanceId).ConfigureAwait(false);
        }
    }

    /// <summary>If even abandoning fails, the lease runs out and the work comes back on its own.</summary>
    private async Task AbandonAsync(Func<Task> abandon, string instanceId)
    {
        try
        {
            await abandon().ConfigureAwait(false);
        }
#pragma warning disable CA1031
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogAbandonFailed(ex, instanceId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Durable task worker started on hub {HubName} ({Orchestrations} orchestrations, {Activities} activities at once)")]
    private partial void LogStarted(string hubName, int orchestrations, int activities);

    [LoggerMessage(Level = LogLevel.Information, Message = "Orchestration {Name} ({InstanceId}) finished: {Status}")]
    private partial void LogInstanceFinished(string name, string instanceId, OrchestrationRuntimeStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetching {Kind} work failed; retrying in {Backoff}")]
    private partial void LogFetchFailed(Exception error, string kind, TimeSpan backoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Episode of {InstanceId} failed and was given back")]
    private partial void LogEpisodeFailed(Exception error, string instanceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activity {Name} of {InstanceId} could not run and was given back")]
    private partial void LogActivityFailed(Exception error, string name, string instanceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Giving back work of {InstanceId} failed; its lease will expire")]
    private partial void LogAbandonFailed(Exception error, string instanceId);
}
