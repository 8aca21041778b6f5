namespace Gtm.Channels.Sandbox;

/// <summary>How a simulated market answers a campaign: multipliers on click-through, conversion and value.</summary>
public sealed record MarketResponse(double ClickThrough, double Conversion, double Value)
{
    public static MarketResponse Par { get; } = new(1, 1, 1);
}

/// <summary>Where a campaign stands in its market: its channel, simulated days of active spend, the generation served and that generation's days on air.</summary>
public sealed record MarketMoment(string Channel, double ActiveDays, int Creative, double CopyDays);

/// <summary>
/// The simulated markets, by name. Each answers a campaign by its channel, the simulated days of
/// active spend so far, the content generation served (1 is the launch content) and how long that
/// generation has been on air:
/// <list type="bullet">
/// <item>healthy: par everywhere;</item>
/// <item>slow_start: conversion ramps from 30 % to par over the first week;</item>
/// <item>roas_collapse: from day 3 Meta's and LinkedIn's conversions lose almost all their value and Google's half; email holds;</item>
/// <item>conversion_collapse: content after the launch content converts at a tenth of par;</item>
/// <item>failing: conversion stays at 40 % of par whatever the content (value per conversion is higher, so only conversion suffers);</item>
/// <item>copy_fatigue: the audience tires of the copy it sees, click-through halving every three days a generation is on air (never under a fifth); new copy starts fresh;</item>
/// <item>channel_saturation:{channel}: that channel's audience runs out, its clicks and conversions halving every three days of spend; the others hold;</item>
/// <item>expensive_channel:{channel}: that channel's conversions are worth a tenth of par from the start; the others hold;</item>
/// <item>broken_landing: from day 2 the landing page fails, and conversion falls to 5 % of par on every channel whatever the copy.</item>
/// </list>
/// </summary>
public static class SandboxScenario
{
    public static readonly IReadOnlyList<string> Names =
        ["healthy", "slow_start", "roas_collapse", "conversion_collapse", "failing", "copy_fatigue", "broken_landing",
            .. SandboxChannels.Channels.Select(c => $"channel_saturation:{c}"), .. SandboxChannels.Channels.Select(c => $"expensive_channel:{c}")];

    /// <summary>Refuses an unknown scenario name before anything is created with it.</summary>
    public static void EnsureKnown(string scenario)
    {
        if (!Names.Contains(scenario))
        {
            throw new ArgumentOutOfRangeException(nameof(scenario), scenario, $"unknown scenario; known: {string.Join(", ", Names)}");
        }
    }

    public static MarketResponse Response(string scenario, MarketMoment at) => scenario.Split(':') switch
    {
        ["healthy"] => MarketResponse.Par,
        ["slow_start"] => MarketResponse.Par with { Conversion = Math.Min(1.0, 0.3 + (0.7 * at.ActiveDays / 7)) },
        ["roas_collapse"] => at.ActiveDays < 3 ? MarketResponse.Par : MarketResponse.Par with { Value = at.Channel switch { "meta" => 0.05, "linkedin" => 0.05, "google_ads" => 0.5, _ => 1 } },
        ["conversion_collapse"] => at.Creative <= 1 ? MarketResponse.Par : MarketResponse.Par with { Conversion = 0.1 },
        ["failing"] => new MarketResponse(1, 0.4, 2.5),
        ["copy_fatigue"] => MarketResponse.Par with { ClickThrough = Math.Max(0.2, Math.Pow(0.5, at.CopyDays / 3)) },
        ["channel_saturation", var saturated] => at.Channel != saturated ? MarketResponse.Par : MarketResponse.Par with { ClickThrough = Math.Pow(0.5, at.ActiveDays / 3) },
        ["expensive_channel", var expensive] => at.Channel != expensive ? MarketResponse.Par : MarketResponse.Par with { Value = 0.1 },
        ["broken_landing"] => at.ActiveDays < 2 ? MarketResponse.Par : MarketResponse.Par with { Conversion = 0.05 },
        _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, $"unknown scenario; known: {string.Join(", ", Names)}"),
    };

    /// <summary>
    /// Per channel at par: impressions per currency unit spent, click-through rate, leads per click,
    /// conversions per click, value per conversion. Chosen so ROAS at par is about 3 (email),
    /// 5 (LinkedIn), 4 (Google Ads) and 6 (Meta), and conversion is 3.2 % to 4 % of clicks.
    /// </summary>
    public static (double ImpressionsPerUnit, double ClickRate, double LeadRate, double ConversionRate, double ValuePerConversion) Baseline(string channel) => channel switch
    {
        "email" => (100, 0.03, 0.2, 0.035, 28.6),
        "linkedin" => (120, 0.006, 0.2, 0.04, 173.6),
        "google_ads" => (150, 0.04, 0.2, 0.035, 19.05),
        "meta" => (300, 0.012, 0.2, 0.032, 52.1),
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "unknown channel"),
    };

    /// <summary>How much better or worse than the channel's norm a text makes recipients click: 0.6 to 1.6, from the text alone.</summary>
    public static double CopyLift(string text) => 0.6 + SandboxExperiment.Unit("lift", text);
}
