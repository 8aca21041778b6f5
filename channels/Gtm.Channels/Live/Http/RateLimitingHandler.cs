using System.Threading.RateLimiting;

namespace Gtm.Channels.Live.Http;

/// <summary>
/// Takes a permit from the platform's limiter before each attempt. It sits inside the resilience
/// handler, so every retry counts against the platform's limit as the platform counts it.
/// </summary>
internal sealed class RateLimitingHandler(PlatformRateLimiter limiter, string channel) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using RateLimitLease lease = await limiter.AcquireAsync(cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            TimeSpan? retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan after) ? after : null;
            throw new ChannelException(channel, "too many calls are already waiting for the platform's rate limit", retryAfter);
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
