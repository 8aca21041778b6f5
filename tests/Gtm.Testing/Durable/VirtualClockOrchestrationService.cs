using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Middleware;
using DurableTask.Core.Query;
using Gtm.LocalRunner.Durable;
using Microsoft.DurableTask.Testing.Sidecar;

namespace Gtm.Testing.Durable;

/// <summary>
/// Durable Task's in-memory orchestration service on a virtual clock: durable timers are held until
/// the test moves the clock past them, and each episode's orchestration time is the virtual time
/// (<see cref="Middleware"/>), so a month of timers runs in milliseconds. It also knows when nothing
/// is left to do (<see cref="WaitForIdleAsync"/>), which is when a test moves the clock on. On the
/// system clock it holds nothing: timers fire by the wall clock, as in the plain in-memory service.
/// </summary>
public sealed partial class VirtualClockOrchestrationService(TimeProvider clock, int concurrency = 64)
    : IOrchestrationService, IOrchestrationServiceClient, IOrchestrationServiceQueryClient, IOrchestrationServicePurgeClient
{
    private readonly InMemoryOrchestrationService inner = new();
    private readonly bool holdsTimers = clock != TimeProvider.System;
    private readonly Lock gate = new();
    private readonly List<TaskMessage> heldTimers = [];
    private int workItems;
    private int queuedMessages;
    private long lastActivity = Environment.TickCount64;

    /// <summary>The earliest timer still held, if any.</summary>
    public DateTime? NextTimerDueAt
    {
        get
        {
            lock (gate)
            {
                return heldTimers.Count == 0 ? null : heldTimers.Min(m => ((TimerFiredEvent)m.Event).FireAt);
            }
        }
    }

    /// <summary>Moves each episode's orchestration time (its OrchestratorStarted event) to the virtual clock.</summary>
    public OrchestrationMiddleware Middleware => (context, next) =>
    {
        if (context.GetProperty<OrchestrationRuntimeState>()?.NewEvents.OfType<OrchestratorStartedEvent>().LastOrDefault() is { } started)
        {
            started.Timestamp = clock.GetUtcNow().UtcDateTime;
        }

        return next();
    };

    /// <summary>Releases every held timer that is due by the virtual clock; call after moving it.</summary>
    public async Task ReleaseDueTimersAsync()
    {
        DateTime now = clock.GetUtcNow().UtcDateTime;
        List<TaskMessage> due;
        lock (gate)
        {
            due = [.. heldTimers.Where(m => ((TimerFiredEvent)m.Event).FireAt <= now)];
            heldTimers.RemoveAll(due.Contains);
        }

        if (due.Count > 0)
        {
            await SendTaskOrchestrationMessageBatchAsync([.. due.Select(Fire)]).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits until no work item runs and no message waits. A message the in-memory service drops
    /// (one for an instance that has finished) is never picked up, so a quarter second with nothing
    /// running and nothing picked up counts as idle too.
    /// </summary>
    public async Task WaitForIdleAsync(CancellationToken cancellation)
    {
        while (true)
        {
            int running = Volatile.Read(ref workItems);
            if (running == 0 && (Volatile.Read(ref queuedMessages) <= 0 || Environment.TickCount64 - Interlocked.Read(ref lastActivity) > 250))
            {
                await Task.Delay(5, cancellation).ConfigureAwait(false);
                if (Volatile.Read(ref workItems) == 0 && (Volatile.Read(ref queuedMessages) <= 0 || Environment.TickCount64 - Interlocked.Read(ref lastActivity) > 250))
                {
                    return;
                }
            }

            await Task.Delay(2, cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>A held timer, sent now: the in-memory service would otherwise wait for its fire time by the wall clock.</summary>
    private static TaskMessage Fire(TaskMessage timer)
    {
        ((TimerFiredEvent)timer.Event).FireAt = DateTime.UtcNow;
        return timer;
    }

    private void Queued(int count)
    {
        Interlocked.Add(ref queuedMessages, count);
        Interlocked.Exchange(ref lastActivity, Environment.TickCount64);
    }

    private void Started(int messages)
    {
        Interlocked.Increment(ref workItems);
        Queued(-messages);
    }

    private void Finished() => Interlocked.Decrement(ref workItems);
}
