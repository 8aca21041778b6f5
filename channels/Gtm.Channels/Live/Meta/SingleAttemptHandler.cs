using System.Net;

namespace Gtm.Channels.Live.Meta;

/// <summary>
/// Keeps the resilience pipeline from repeating a request marked <see cref="Key"/> (a campaign's
/// creation) when its outcome is unknown: a timed-out attempt, a broken connection or a 5xx may
/// come after Meta created the campaign, and Meta would create a second one with the same name.
/// Such a failure is thrown as a retryable <see cref="ChannelException"/>, which the pipeline does
/// not retry, and the provisioning looks the campaign up by its key instead. A rate-limit answer
/// is certain that nothing was created, so it is retried as any other.
/// </summary>
internal sealed class SingleAttemptHandler(string channel) : DelegatingHandler
{
    public static HttpRequestOptionsKey<bool> Key { get; } = new("Gtm.Meta.SingleAttempt");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(Key, out bool single) || !single)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        string call = $"{request.Method} {request.RequestUri?.AbsolutePath}";
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            throw new ChannelException(channel, $"{call} got no answer ({ex.Message}); whether Meta acted is unknown, so it is not sent again");
        }

        if (response.StatusCode is >= HttpStatusCode.InternalServerError or HttpStatusCode.RequestTimeout)
        {
            using (response)
            {
                string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                string said = MetaError.Parse(body)?.Describe() ?? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                throw new ChannelException(channel, $"{call} failed ({said}); whether Meta acted is unknown, so it is not sent again");
            }
        }

        return response;
    }
}
