using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gtm.Channels.Live.Configuration;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace Gtm.Channels.Live.Http;

/// <summary>
/// Sends a live client's requests through the platform's named HttpClient (resilience and rate
/// limit included) and turns every failure into the channel's typed outcomes: a refusal
/// (<see cref="ChannelRefusedException"/>, not retried), bad credentials
/// (<see cref="ChannelUnauthorizedException"/> naming the setting), a rate limit or a transient
/// failure left after the pipeline's retries (<see cref="ChannelException"/>, retryable, with the
/// platform's Retry-After).
/// </summary>
/// <remarks>A client is taken from the factory per call, so the factory's handler rotation (DNS changes) applies to long-lived adapters.</remarks>
public sealed class PlatformHttp(IHttpClientFactory clients, ChannelPlatform platform, Func<string, PlatformFault> readFault, TimeProvider time)
{
    private const int MaxMessage = 600;

    public ChannelPlatform Platform => platform;

    /// <summary>Sends <paramref name="request"/> and parses the JSON answer (null for an empty body).</summary>
    public async Task<JsonNode?> SendAsync(HttpRequestMessage request, CancellationToken cancellation) =>
        (await SendWithHeadersAsync(request, cancellation).ConfigureAwait(false)).Body;

    /// <summary>As <see cref="SendAsync"/>, with the answer's headers (where a platform puts a created id).</summary>
    public async Task<(JsonNode? Body, HttpResponseHeaders Headers)> SendWithHeadersAsync(HttpRequestMessage request, CancellationToken cancellation)
    {
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(platform.Channel).SendAsync(request, cancellation).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
            || (ex is OperationCanceledException && !cancellation.IsCancellationRequested))
        {
            throw new ChannelException(platform.Channel, $"{request.Method} {request.RequestUri?.AbsolutePath} failed{(request.IsOnce() ? " (sent once: it may have been done)" : " after retries")}: {ex.Message}");
        }
        catch (RateLimiterRejectedException ex)
        {
            throw new ChannelException(platform.Channel, "too many calls are already waiting for the platform's rate limit", ex.RetryAfter);
        }

        using (response)
        {
            string body = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw Outcome(response, body);
            }

            return (body.Length == 0 ? null : JsonNode.Parse(body), response.Headers);
        }
    }

    private ChannelException Outcome(HttpResponseMessage response, string body)
    {
        PlatformFault fault = Read(body);
        int status = (int)response.StatusCode;
        string message = $"{status} {fault.Message}";
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                new ChannelUnauthorizedException(platform.Channel, fault.CredentialSetting ?? platform.Setting(nameof(LiveChannelOptions.AccessToken)), message),
            HttpStatusCode.TooManyRequests => new ChannelException(platform.Channel, $"rate limited: {message}", RetryAfter(response)),
            HttpStatusCode.RequestTimeout or >= HttpStatusCode.InternalServerError => new ChannelException(platform.Channel, message, RetryAfter(response)),
            _ => new ChannelRefusedException(platform.Channel, message),
        };
    }

    private PlatformFault Read(string body)
    {
        try
        {
            return readFault(body);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            // Not the platform's error format (a proxy's page, say): its text is the best message there is.
            return new PlatformFault(body.Length > MaxMessage ? body[..MaxMessage] : body);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow() is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };
}
