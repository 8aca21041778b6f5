namespace Gtm.Channels.Live.HubSpot;

/// <summary>
/// Holds each attempt while HubSpot's budget is spent, and reads the budget off each answer. It
/// sits inside the resilience handler, so a retry after a 429 waits here too.
/// </summary>
internal sealed class HubSpotRateLimitHandler(HubSpotRateWindow window) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await window.WaitAsync(cancellationToken).ConfigureAwait(false);
        HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        window.Observe(response);
        return response;
    }
}
