namespace Gtm.Channels.Live.Configuration;

/// <summary>
/// One platform: its channel name in the product, its configuration section under
/// <c>Gtm:Channels</c>, its public API root and the request rate it documents.
/// </summary>
public sealed record ChannelPlatform(string Channel, string Section, Uri DefaultBaseUrl, int PermitLimit, TimeSpan Window)
{
    /// <summary>HubSpot: 100 requests per 10 seconds per app (private and public apps on the base tier).</summary>
    public static ChannelPlatform Email { get; } = new("email", "Email", new("https://api.hubapi.com"), 100, TimeSpan.FromSeconds(10));

    /// <summary>
    /// LinkedIn publishes no fixed figure (each app sees its daily quota in the developer portal);
    /// 100 a minute keeps well inside the smallest quotas seen. Set RateLimit to the portal's.
    /// </summary>
    public static ChannelPlatform LinkedIn { get; } = new("linkedin", "LinkedIn", new("https://api.linkedin.com"), 100, TimeSpan.FromMinutes(1));

    /// <summary>
    /// Google Ads: Basic access allows 15,000 operations a day per developer token (Standard
    /// access has no daily cap: raise RateLimit there). Per-second throttling is Google's own
    /// (429 RESOURCE_EXHAUSTED), which the retry honours.
    /// </summary>
    public static ChannelPlatform GoogleAds { get; } = new("google_ads", "GoogleAds", new("https://googleads.googleapis.com"), 15_000, TimeSpan.FromDays(1));

    /// <summary>
    /// Meta: the business-use-case limit depends on the ad account's active ads and is reported in
    /// <c>X-Business-Use-Case-Usage</c>; 300 calls an hour is the standard tier's floor.
    /// </summary>
    public static ChannelPlatform Meta { get; } = new("meta", "Meta", new("https://graph.facebook.com"), 300, TimeSpan.FromHours(1));

    public static IReadOnlyList<ChannelPlatform> All { get; } = [Email, LinkedIn, GoogleAds, Meta];

    /// <summary>The configuration path of a setting, e.g. <c>Gtm:Channels:GoogleAds:DeveloperToken</c>.</summary>
    public string Setting(string name) => $"Gtm:Channels:{Section}:{name}";
}
