namespace Gtm.Durable.InMemory;

/// <summary>What a test that skips time needs: is anything left to do now, and when is the next timer due.</summary>
public sealed partial class InMemoryOrchestrationService
{
    /// <summary>True when no instance or activity is running and nothing is visible to run.</summary>
    public bool IsIdle
    {
        get
        {
            lock (gate)
            {
                DateTime now = Now;
                return lockedInstances == 0
                    && activityQueue.Count == 0
                    && runningActivities.Count == 0
                    && !(wakeups.TryPeek(out _, out DateTime due) && due <= now);
            }
        }
    }

    /// <summary>When the earliest message not yet visible (a durable timer, a scheduled start) becomes visible.</summary>
    public DateTime? NextTimerDueAt
    {
        get
        {
            lock (gate)
            {
                DateTime now = Now;
                return instances.Values
                    .SelectMany(record => record.Inbox)
                    .Where(m => m.VisibleAt > now)
                    .Select(m => m.VisibleAt)
                    .Min();
            }
        }
    }

    /// <summary>
    /// Tells waiting workers that the time provider moved on. Workers also wait on timers of the
    /// time provider, but a test clock that is moved by hand may not fire a timer created while it
    /// moves; this makes sure they look again.
    /// </summary>
    public void NotifyTimeChanged() => changed.Pulse();

    public Task NextChangeAsync() => changed.NextAsync();

    /// <summary>Completes once the backend is idle (see <see cref="IsIdle"/>).</summary>
    public async Task WaitForIdleAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task signal = changed.NextAsync();
            if (IsIdle)
            {
                return;
            }

            await Task.WhenAny(signal, Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
