using System.Net.Http.Headers;
using Gtm.Channels.Live.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using System.Threading.RateLimiting;

namespace Gtm.Channels.Live.Http;

/// <summary>
/// The named HttpClient of a live platform (named by its channel): its options validated at
/// start-up, the bearer token, the resilience pipeline and the platform's rate limiter. Every live
/// client registers through here, so they all behave alike.
/// </summary>
public static class LiveHttpClients
{
    /// <param name="configure">The platform's own headers (Google's developer token, LinkedIn's version, ...).</param>
    public static IHttpClientBuilder AddLiveHttpClient<TOptions>(this IServiceCollection services, ChannelPlatform platform, Action<HttpClient, TOptions>? configure = null)
        where TOptions : LiveChannelOptions
    {
        services.AddOptions<TOptions>().BindConfiguration($"Gtm:Channels:{platform.Section}").ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>>(new LiveChannelOptionsValidator<TOptions>(platform));
        services.AddKeyedSingleton<RateLimiter>(platform.Channel, (provider, _) =>
        {
            TOptions options = provider.GetRequiredService<IOptions<TOptions>>().Value;
            return PlatformRateLimiter.Create(options.RateLimit.PermitLimit ?? platform.PermitLimit, options.RateLimit.Window ?? platform.Window, options.RateLimit.QueueLimit);
        });

        IHttpClientBuilder http = services.AddHttpClient(platform.Channel, (provider, client) =>
        {
            TOptions options = provider.GetRequiredService<IOptions<TOptions>>().Value;
            string root = (options.BaseUrl ?? platform.DefaultBaseUrl).AbsoluteUri;
            // A trailing slash keeps a base path (a proxy's /googleads/) when relative paths are resolved against it.
            client.BaseAddress = new Uri(root.EndsWith('/') ? root : root + "/");
            // The resilience pipeline's timeouts govern; HttpClient's own would cut across its retries.
            client.Timeout = Timeout.InfiniteTimeSpan;
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.AccessToken);
            configure?.Invoke(client, options);
        });

        // HttpClientFactory logs request and response headers at Trace level. Its default since .NET 9
        // redacts every value; saying so here keeps tokens out of logs should that default change.
        http.RedactLoggedHeaders(_ => true);
        http.AddResilienceHandler(platform.Channel, (pipeline, context) =>
        {
            TOptions options = context.ServiceProvider.GetRequiredService<IOptions<TOptions>>().Value;
            AddResilience(pipeline, options, context.ServiceProvider.GetRequiredKeyedService<RateLimiter>(platform.Channel));
        });
        return http;
    }

    /// <summary>
    /// Outermost first: a total timeout over everything; retries of transient failures (5xx, 408,
    /// 429, network errors, attempt timeouts) with jittered exponential backoff, waiting what a
    /// Retry-After header says instead, and of a <see cref="SendOnce"/> request only after a 429; a circuit breaker that stops hammering a failing platform;
    /// the platform's rate limiter, inside the retries so every attempt counts as the platform
    /// counts it, and outside the attempt's timeout so waiting for a permit is not a failed attempt;
    /// and a timeout per attempt.
    /// </summary>
    private static void AddResilience(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, LiveChannelOptions options, RateLimiter limiter)
    {
        pipeline.AddTimeout(options.TotalTimeout);
        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxRetryAttempts,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryDelay,
            ShouldRetryAfterHeader = true,
            ShouldHandle = args => ValueTask.FromResult(HttpClientResiliencePredicates.IsTransient(args.Outcome)
                && (!args.Context.GetRequestMessage().IsOnce() || args.Outcome.Result?.StatusCode == System.Net.HttpStatusCode.TooManyRequests)),
        });
        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = 10,
            // Polly requires the sampling window to be at least twice an attempt's timeout, or no attempt could complete within it.
            SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, options.AttemptTimeout.Ticks * 2)),
            BreakDuration = TimeSpan.FromSeconds(15),
        });
        pipeline.AddRateLimiter(limiter);
        pipeline.AddTimeout(options.AttemptTimeout);
    }
}
