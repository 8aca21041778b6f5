namespace Gtm.Channels.Sandbox;

/// <summary>How each platform expresses a daily budget (SPEC C11): Google in micros, Meta in the currency's smallest unit, LinkedIn as an amount with its currency, HubSpot email as a daily send cap.</summary>
public static class PlatformUnits
{
    public static string Unit(string channel) => channel switch
    {
        "google_ads" => "micros",
        "meta" => "minor_units",
        "linkedin" => "amount_cents",
        "email" => "sends_per_day",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "unknown channel"),
    };

    /// <summary>Email budgets buy sends at a nominal 0.01 per send.</summary>
    public static long ToPlatform(string channel, decimal amount) => channel switch
    {
        "google_ads" => (long)Math.Round(amount * 1_000_000m),
        "meta" or "linkedin" or "email" => (long)Math.Round(amount * 100m),
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "unknown channel"),
    };

    public static decimal FromPlatform(string channel, long units) => channel switch
    {
        "google_ads" => units / 1_000_000m,
        _ => units / 100m,
    };
}
