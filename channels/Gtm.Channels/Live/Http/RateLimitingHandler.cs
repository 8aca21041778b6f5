namespace Gtm.Channels.Live.Http;

/// <summary>
/// Takes a permit from the platform's limiter before each attempt. It sits inside the resilience
/// handler, so every retry counts against the platform's limit as the platform counts it.
/// </summary>
internal sealed class RateLimitingHandler(PlatformRateLimiter limiter, string channel) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        (bool acquired, TimeSpan retryAfter) = await limiter.AcquireAsync(cancellationToken).ConfigureAwait(false);
        if (!acquired)
        {
            throw new ChannelException(channel, "too many calls are already waiting for the platform's rate limit", retryAfter);
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
