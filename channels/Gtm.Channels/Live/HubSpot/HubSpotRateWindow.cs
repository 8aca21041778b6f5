using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Gtm.Channels.Live.Http;

namespace Gtm.Channels.Live.HubSpot;

/// <summary>
/// What HubSpot says of the app's request budget on every answer: <c>X-HubSpot-RateLimit-Remaining</c>
/// calls left in the rolling interval of <c>X-HubSpot-RateLimit-Interval-Milliseconds</c>. When none
/// remain, or HubSpot answers 429, calls are held for an interval: HubSpot does not say when its
/// rolling interval frees the next call, and a whole interval is sure to. Shared by every handler
/// of the app's HubSpot client (HttpClientFactory rotates handlers), on the app's clock.
/// </summary>
internal sealed class HubSpotRateWindow(TimeProvider time) : CallHold(time)
{
    /// <summary>HubSpot's interval for private apps, when an answer does not say.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Holds the next calls when the answer spent the budget. A 429 without Retry-After is given one
    /// of an interval, so the retry (and the orchestration, should retries run out) waits as HubSpot needs.
    /// </summary>
    public void Observe(HttpResponseMessage response)
    {
        TimeSpan interval = Milliseconds(response, "X-HubSpot-RateLimit-Interval-Milliseconds") ?? DefaultInterval;
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            TimeSpan wait = response.Headers.RetryAfter switch
            {
                { Delta: { } delta } => delta,
                { Date: { } date } => date - Time.GetUtcNow(),
                _ => interval,
            };
            response.Headers.RetryAfter ??= new RetryConditionHeaderValue(interval);
            Hold(wait);
        }
        else if (Number(response, "X-HubSpot-RateLimit-Remaining") is <= 0)
        {
            Hold(interval);
        }
    }

    private static long? Number(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out IEnumerable<string>? values) && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long value)
            ? value
            : null;

    private static TimeSpan? Milliseconds(HttpResponseMessage response, string header) =>
        Number(response, header) is > 0 and var ms ? TimeSpan.FromMilliseconds(ms) : null;
}
