namespace Gtm.Channels.Live.Meta;

/// <summary>
/// Holds every Meta call while Meta's usage headers say the app, the ad account or the business
/// is at its limit, on the app's <see cref="TimeProvider"/>. A short hold is waited out in the
/// call; a longer one (Meta speaks of minutes) is not worth a worker's time, so the call is
/// turned away as retryable with the time to come back, and the caller's retry waits instead.
/// </summary>
internal sealed class MetaUsageGate(TimeProvider time, TimeSpan longestWait)
{
    private long heldUntilTicks;
    private int waiting;

    /// <summary>The longest hold a call waits out itself.</summary>
    public TimeSpan LongestWait => longestWait;

    /// <summary>When calls may go again; null when they are not held.</summary>
    public DateTimeOffset? HeldUntil => Interlocked.Read(ref heldUntilTicks) is > 0 and var ticks && ticks > time.GetUtcNow().UtcTicks
        ? new DateTimeOffset(ticks, TimeSpan.Zero)
        : null;

    /// <summary>Calls waiting for the hold to end (a test advances its clock once they are).</summary>
    public int Waiting => Volatile.Read(ref waiting);

    public TimeSpan Remaining => HeldUntil is { } until ? until - time.GetUtcNow() : TimeSpan.Zero;

    /// <summary>Holds calls for <paramref name="hold"/> from now, unless they are already held longer.</summary>
    public void Hold(TimeSpan hold)
    {
        if (hold <= TimeSpan.Zero)
        {
            return;
        }

        long until = (time.GetUtcNow() + hold).UtcTicks;
        long current = Interlocked.Read(ref heldUntilTicks);
        while (until > current)
        {
            long seen = Interlocked.CompareExchange(ref heldUntilTicks, until, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>Returns once calls may go; throws a retryable <see cref="ChannelException"/> when the hold is longer than a call waits.</summary>
    public async Task WaitAsync(string channel, CancellationToken cancellation)
    {
        while (HeldUntil is { } until)
        {
            TimeSpan remaining = until - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            if (remaining > longestWait)
            {
                throw new ChannelException(channel, $"Meta reports this app or ad account at its usage limit: calls are held until {until:u}", remaining);
            }

            Interlocked.Increment(ref waiting);
            try
            {
                await Task.Delay(remaining, time, cancellation).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref waiting);
            }
        }
    }
}
