using System.Threading.RateLimiting;

namespace Gtm.Channels.Live.Http;

/// <summary>
/// A platform's request budget: at most <c>permitLimit</c> requests in any window of
/// <c>window</c>, as a sliding window of ten segments, so a burst at the end of one window and
/// the start of the next cannot double the rate. Its clock is the app's <see cref="TimeProvider"/>
/// (the limiter's own timer would be the wall clock), which also lets a test drive it. Callers over
/// the limit wait in order; once <c>queueLimit</c> wait, the next is told to come back later.
/// </summary>
public sealed class PlatformRateLimiter : IDisposable
{
    private const int Segments = 10;
    private readonly SlidingWindowRateLimiter limiter;
    private readonly ITimer replenishment;

    public PlatformRateLimiter(int permitLimit, TimeSpan window, TimeProvider time, int queueLimit = 10_000)
    {
        limiter = new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = permitLimit,
            Window = window,
            SegmentsPerWindow = Segments,
            QueueLimit = queueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = false,
        });
        TimeSpan segment = window / Segments;
        replenishment = time.CreateTimer(_ => limiter.TryReplenish(), null, segment, segment);
    }

    public ValueTask<RateLimitLease> AcquireAsync(CancellationToken cancellation) => limiter.AcquireAsync(1, cancellation);

    /// <summary>Requests waiting for a permit and permits left in the current window.</summary>
    public RateLimiterStatistics? Statistics => limiter.GetStatistics();

    public void Dispose()
    {
        replenishment.Dispose();
        limiter.Dispose();
    }
}
