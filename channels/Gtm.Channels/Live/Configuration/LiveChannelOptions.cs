namespace Gtm.Channels.Live.Configuration;

/// <summary>
/// What every live client needs, bound from <c>Gtm:Channels:{P}</c>: where the API is, the OAuth2
/// bearer token (never logged), and how patiently to call it. Each platform adds its own ids.
/// </summary>
public abstract class LiveChannelOptions
{
    public ChannelMode Mode { get; set; } = ChannelMode.Sandbox;

    /// <summary>The platform's API root; the platform's public one unless set (a test points it at a stub).</summary>
    public Uri? BaseUrl { get; set; }

    public string? AccessToken { get; set; }

    /// <summary>Longest wait for one attempt before it counts as a transient failure.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait for a call with all its retries (Retry-After waits included).</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(3);

    public int MaxRetryAttempts { get; set; } = 4;

    /// <summary>First backoff; later ones grow exponentially with jitter, unless the platform says Retry-After.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Requests allowed per <see cref="RateLimit.Window"/>; the platform's documented limit unless set.</summary>
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>The platform's own settings that are missing or malformed, as (setting name, what is wrong).</summary>
    public IEnumerable<(string Name, string Problem)> Problems()
    {
        if (string.IsNullOrWhiteSpace(AccessToken))
        {
            yield return (nameof(AccessToken), "is required in live mode: an OAuth2 access token for the platform's API");
        }

        if (BaseUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)))
        {
            yield return (nameof(BaseUrl), $"must be an absolute http(s) URL, not '{url}'");
        }

        if (AttemptTimeout <= TimeSpan.Zero || TotalTimeout < AttemptTimeout)
        {
            yield return (nameof(TotalTimeout), $"must be at least the attempt timeout ({AttemptTimeout}), and both above zero");
        }

        if (MaxRetryAttempts is < 0 or > 10)
        {
            yield return (nameof(MaxRetryAttempts), "must be within 0 to 10");
        }

        if (RateLimit.PermitLimit is <= 0 || RateLimit.Window is { } window && window <= TimeSpan.Zero || RateLimit.QueueLimit < 0)
        {
            yield return (nameof(RateLimit), "needs a positive PermitLimit and Window, and a QueueLimit of at least 0");
        }

        foreach ((string name, string problem) in PlatformProblems())
        {
            yield return (name, problem);
        }
    }

    protected abstract IEnumerable<(string Name, string Problem)> PlatformProblems();

    /// <summary>True when <paramref name="value"/> is a run of digits, as platforms write account ids.</summary>
    protected static bool IsDigits(string? value) => !string.IsNullOrEmpty(value) && value.All(char.IsAsciiDigit);
}

/// <summary>A platform's request budget; unset values take the platform's documented limit.</summary>
public sealed class RateLimitOptions
{
    public int? PermitLimit { get; set; }

    public TimeSpan? Window { get; set; }

    /// <summary>Calls that may wait for a permit; the next one is failed as rate-limited, to be retried later.</summary>
    public int QueueLimit { get; set; } = 10_000;
}
