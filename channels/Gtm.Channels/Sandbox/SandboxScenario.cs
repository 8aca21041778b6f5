namespace Gtm.Channels.Sandbox;

/// <summary>
/// How a simulated market answers a campaign, by name: the multipliers on conversion and on the
/// value of a conversion after a number of simulated days of active spend.
/// </summary>
public static class SandboxScenario
{
    public static readonly IReadOnlyList<string> Names = ["healthy", "slow_start", "roas_collapse", "conversion_collapse", "failing"];

    /// <summary>Refuses an unknown scenario name before anything is created with it.</summary>
    public static void EnsureKnown(string scenario) => Multipliers(scenario, 0);

    public static (double Conversion, double Value) Multipliers(string scenario, double activeDays) => scenario switch
    {
        "healthy" => (1.0, 1.0),
        "slow_start" => (Math.Min(1.0, 0.3 + (0.7 * activeDays / 7)), 1.0),
        "roas_collapse" => (1.0, activeDays < 3 ? 1.0 : 0.2),
        "conversion_collapse" => (activeDays < 2 ? 1.0 : 0.1, 1.0),
        "failing" => (0.05, 0.5),
        _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, $"unknown scenario; known: {string.Join(", ", Names)}"),
    };

    /// <summary>Per channel: impressions per currency unit spent, click-through rate, conversions per click, value per conversion.</summary>
    public static (double ImpressionsPerUnit, double ClickRate, double ConversionRate, double ValuePerConversion) Baseline(string channel) => channel switch
    {
        "email" => (400, 0.03, 0.04, 60),
        "linkedin" => (120, 0.006, 0.05, 400),
        "google_ads" => (150, 0.04, 0.03, 120),
        "meta" => (300, 0.012, 0.025, 80),
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "unknown channel"),
    };
}
