namespace Gtm.Channels.Live.Http;

/// <summary>
/// A platform's request budget: at most <c>permitLimit</c> requests in any window of
/// <c>window</c> (a sliding log of the last grants, so no burst across a window boundary can
/// double the rate). Callers over the limit wait in order; past <c>queueLimit</c> waiting, the next
/// is told when to come back. Its clock is the app's <see cref="TimeProvider"/>: System.Threading.
/// RateLimiting's SlidingWindowRateLimiter replenishes on its own Stopwatch even when replenished
/// by hand, so neither a test nor the app's clock could drive it.
/// </summary>
public sealed class PlatformRateLimiter(int permitLimit, TimeSpan window, TimeProvider time, int queueLimit = 10_000) : IDisposable
{
    private readonly SemaphoreSlim turn = new(1, 1);
    private readonly Queue<DateTimeOffset> granted = new();
    private int waiting;
    private long grants;

    private long waitsUntilTicks;

    /// <summary>While the next caller waits for the window to slide: when it will be let through (a test advances its clock past it).</summary>
    public DateTimeOffset? WaitsUntil => Interlocked.Read(ref waitsUntilTicks) is > 0 and var ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>Permits granted so far.</summary>
    public long Grants => Interlocked.Read(ref grants);

    /// <summary>Waits for a permit; false (with when to come back) when too many already wait.</summary>
    public async ValueTask<(bool Acquired, TimeSpan RetryAfter)> AcquireAsync(CancellationToken cancellation)
    {
        if (Interlocked.Increment(ref waiting) > queueLimit + 1)
        {
            Interlocked.Decrement(ref waiting);
            return (false, window);
        }

        try
        {
            // One caller at a time takes the next permit, in arrival order.
            await turn.WaitAsync(cancellation).ConfigureAwait(false);
            try
            {
                while (true)
                {
                    DateTimeOffset now = time.GetUtcNow();
                    while (granted.Count > 0 && granted.Peek() <= now - window)
                    {
                        granted.Dequeue();
                    }

                    if (granted.Count < permitLimit)
                    {
                        granted.Enqueue(now);
                        Interlocked.Increment(ref grants);
                        return (true, TimeSpan.Zero);
                    }

                    DateTimeOffset until = granted.Peek() + window;
                    if (Volatile.Read(ref waiting) > queueLimit)
                    {
                        return (false, until - now);
                    }

                    Interlocked.Exchange(ref waitsUntilTicks, until.UtcTicks);
                    await Task.Delay(until - now, time, cancellation).ConfigureAwait(false);
                    Interlocked.Exchange(ref waitsUntilTicks, 0);
                }
            }
            finally
            {
                turn.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref waiting);
        }
    }

    public void Dispose() => turn.Dispose();
}
