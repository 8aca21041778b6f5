namespace Gtm.Channels.Live.Http;

/// <summary>
/// Holds a platform's calls until a time the platform's own answers set (Meta's usage headers,
/// HubSpot's rate-limit headers), on the app's <see cref="TimeProvider"/>. A later hold never
/// shortens an earlier one. Shared by every handler of the platform's client (HttpClientFactory
/// rotates handlers).
/// </summary>
internal class CallHold(TimeProvider time)
{
    private long heldUntilTicks;
    private long waitsUntilTicks;
    private int waiting;

    protected TimeProvider Time => time;

    /// <summary>When calls may go again; null when they are not held.</summary>
    public DateTimeOffset? HeldUntil => Interlocked.Read(ref heldUntilTicks) is > 0 and var ticks && ticks > time.GetUtcNow().UtcTicks
        ? new DateTimeOffset(ticks, TimeSpan.Zero)
        : null;

    public TimeSpan Remaining => HeldUntil is { } until ? until - time.GetUtcNow() : TimeSpan.Zero;

    /// <summary>Calls waiting for the hold to end (a test advances its clock once they are).</summary>
    public int Waiting => Volatile.Read(ref waiting);

    /// <summary>While a call waits: when it will be let through.</summary>
    public DateTimeOffset? WaitsUntil => Interlocked.Read(ref waitsUntilTicks) is > 0 and var ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>Holds calls for <paramref name="hold"/> from now, unless they are already held longer.</summary>
    public void Hold(TimeSpan hold)
    {
        if (hold <= TimeSpan.Zero)
        {
            return;
        }

        long until = (time.GetUtcNow() + hold).UtcTicks;
        long current;
        do
        {
            current = Interlocked.Read(ref heldUntilTicks);
        }
        while (until > current && Interlocked.CompareExchange(ref heldUntilTicks, until, current) != current);
    }

    /// <summary>Returns once calls may go, however long that is.</summary>
    public Task WaitAsync(CancellationToken cancellation) => WaitAsync(TimeSpan.MaxValue, null, cancellation);

    /// <summary>Returns once calls may go; a hold past <paramref name="longestWait"/> throws what <paramref name="tooLong"/> makes instead.</summary>
    protected async Task WaitAsync(TimeSpan longestWait, Func<DateTimeOffset, TimeSpan, Exception>? tooLong, CancellationToken cancellation)
    {
        while (HeldUntil is { } until)
        {
            TimeSpan remaining = until - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            if (remaining > longestWait && tooLong is not null)
            {
                throw tooLong(until, remaining);
            }

            Interlocked.Increment(ref waiting);
            Interlocked.Exchange(ref waitsUntilTicks, until.UtcTicks);
            try
            {
                await Task.Delay(remaining, time, cancellation).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.CompareExchange(ref waitsUntilTicks, 0, until.UtcTicks);
                Interlocked.Decrement(ref waiting);
            }
        }
    }
}
