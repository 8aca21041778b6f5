using System.Net;
using System.Net.Http.Headers;

namespace Gtm.Channels.Live.Meta;

/// <summary>
/// Sits under the resilience pipeline, on every attempt: waits while <see cref="MetaUsageGate"/>
/// holds calls, reads the usage headers of every answer into the gate, and gives a Graph API
/// error the HTTP status its code means, so the shared pipeline and <c>PlatformHttp</c> treat it
/// as they treat every platform's: a rate limit (17, 613, 80004, ... often sent as 400 or 403)
/// becomes 429 with the wait Meta asked for, retried; a bad token 401 and a missing permission
/// 403, naming the token; Meta's temporary trouble 503; any other refusal 400, never retried.
/// </summary>
internal sealed class MetaResponseHandler(MetaUsageGate gate, string channel) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(channel, cancellationToken).ConfigureAwait(false);
        HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        gate.Hold(MetaUsage.Hold(response.Headers));
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        if (MetaError.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)) is not { } error)
        {
            return response;
        }

        response.StatusCode = StatusFor(error.Kind, response.StatusCode);
        if (error.Kind == MetaErrorKind.RateLimited && gate.Remaining is var wait && wait > TimeSpan.Zero)
        {
            if (wait > gate.LongestWait)
            {
                // Retrying within this call would only run into the limit again: the caller comes back later.
                response.Dispose();
                throw new ChannelException(channel, $"rate limited: {error.Describe()}", wait);
            }

            response.Headers.RetryAfter = new RetryConditionHeaderValue(wait);
        }

        return response;
    }

    private static HttpStatusCode StatusFor(MetaErrorKind kind, HttpStatusCode status) => kind switch
    {
        MetaErrorKind.RateLimited => HttpStatusCode.TooManyRequests,
        MetaErrorKind.BadToken => HttpStatusCode.Unauthorized,
        MetaErrorKind.MissingPermission => HttpStatusCode.Forbidden,
        MetaErrorKind.Transient when status < HttpStatusCode.InternalServerError => HttpStatusCode.ServiceUnavailable,
        MetaErrorKind.Refused when status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests => HttpStatusCode.BadRequest,
        _ => status,
    };
}
