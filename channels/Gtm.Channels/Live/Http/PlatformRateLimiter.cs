using System.Threading.RateLimiting;

namespace Gtm.Channels.Live.Http;

/// <summary>
/// A platform's request budget as System.Threading.RateLimiting's sliding window: at most
/// <c>permitLimit</c> requests in any span of <c>window</c>. The framework's window hands a
/// segment's permits back when that segment leaves it, so a permit taken at a segment's end would
/// come back one segment short of a whole window; the window is stretched by one segment so that
/// every permit comes back a full platform window after it was used (the sustained rate is then
/// nine tenths of the limit). Callers over the limit wait in arrival order; past the queue limit
/// the call is rejected with when to come back.
/// </summary>
public static class PlatformRateLimiter
{
    private const int Segments = 10;

    public static RateLimiter Create(int permitLimit, TimeSpan window, int queueLimit = 10_000) =>
        new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = permitLimit,
            Window = window * Segments / (Segments - 1),
            SegmentsPerWindow = Segments,
            QueueLimit = queueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
}
