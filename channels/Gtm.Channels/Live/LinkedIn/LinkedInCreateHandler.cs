using System.Net;

namespace Gtm.Channels.Live.LinkedIn;

/// <summary>
/// Runs per attempt, inside the resilience handler. LinkedIn answers a create with the new id in
/// the <c>x-restli-id</c> (or <c>x-linkedin-id</c>) header, which this copies into the request's
/// options for the caller. And LinkedIn does not refuse a second campaign of the same name, so a
/// create is sent at most once: after an attempt that timed out or failed, LinkedIn may have
/// created it, and a blind retry would make a duplicate; the caller looks it up by name instead.
/// Only a 429 (LinkedIn processed nothing) lets the retry send it again.
/// </summary>
internal sealed class LinkedInCreateHandler : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<bool> SendOnce = new("Gtm.LinkedIn.SendOnce");
    public static readonly HttpRequestOptionsKey<string> CreatedId = new("Gtm.LinkedIn.CreatedId");
    private static readonly HttpRequestOptionsKey<bool> Sent = new("Gtm.LinkedIn.Sent");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        bool once = request.Options.TryGetValue(SendOnce, out bool value) && value;
        if (once)
        {
            if (request.Options.TryGetValue(Sent, out bool sent) && sent)
            {
                throw new LinkedInCreateUnconfirmedException();
            }

            request.Options.Set(Sent, true);
        }

        HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (once && response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            request.Options.Set(Sent, false);
        }

        if ((Header(response, "x-restli-id") ?? Header(response, "x-linkedin-id")) is { } id)
        {
            request.Options.Set(CreatedId, id);
        }

        return response;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out IEnumerable<string>? values) ? values.FirstOrDefault(v => v.Length > 0) : null;
}

/// <summary>A create was not sent again after an attempt whose outcome is unknown (neither retried nor counted as a transient failure by the pipeline).</summary>
internal sealed class LinkedInCreateUnconfirmedException()
    : Exception("an earlier attempt of this create may have succeeded, so it is not sent again");
