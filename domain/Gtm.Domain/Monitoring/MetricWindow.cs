namespace Gtm.Domain.Monitoring;

/// <summary>A channel's totals, cumulative since its campaigns began or over a window.</summary>
public sealed record ChannelTotals(string Channel, long Impressions, long Clicks, long Leads, long Conversions, decimal Spend, decimal ConversionValue)
{
    public static ChannelTotals Zero(string channel) => new(channel, 0, 0, 0, 0, 0, 0);

    public ChannelTotals Plus(ChannelTotals other) => this with
    {
        Impressions = Impressions + other.Impressions,
        Clicks = Clicks + other.Clicks,
        Leads = Leads + other.Leads,
        Conversions = Conversions + other.Conversions,
        Spend = Spend + other.Spend,
        ConversionValue = ConversionValue + other.ConversionValue,
    };

    /// <summary>What happened between an earlier reading and this one (never negative: a reset platform counter counts from zero).</summary>
    public ChannelTotals Minus(ChannelTotals earlier) => this with
    {
        Impressions = Math.Max(0, Impressions - earlier.Impressions),
        Clicks = Math.Max(0, Clicks - earlier.Clicks),
        Leads = Math.Max(0, Leads - earlier.Leads),
        Conversions = Math.Max(0, Conversions - earlier.Conversions),
        Spend = Math.Max(0, Spend - earlier.Spend),
        ConversionValue = Math.Max(0, ConversionValue - earlier.ConversionValue),
    };
}

public static class ChannelTotalsLists
{
    /// <summary>Each channel's totals less what it had in <paramref name="earlier"/> (nothing, for a channel not there).</summary>
    public static IReadOnlyList<ChannelTotals> Minus(this IReadOnlyList<ChannelTotals> now, IReadOnlyList<ChannelTotals> earlier) =>
        [.. now.Select(c => c.Minus(earlier.FirstOrDefault(e => e.Channel == c.Channel) ?? ChannelTotals.Zero(c.Channel)))];
}

/// <summary>The channels' totals over one measurement window, and the four metrics computed from them.</summary>
public sealed record MetricWindow(IReadOnlyList<ChannelTotals> Channels, TimeSpan Length)
{
    public long Impressions => Channels.Sum(c => c.Impressions);

    public long Clicks => Channels.Sum(c => c.Clicks);

    public decimal Spend => Channels.Sum(c => c.Spend);

    /// <summary>The metric's value, and the sample it rests on (impressions for effectiveness, clicks for the rates, days for leads).</summary>
    public (double? Value, double Sample) Measure(Metric metric)
    {
        long clicks = Clicks;
        return metric switch
        {
            Metric.CampaignEffectiveness => (ExpectedClicks() is > 0 and var expected ? clicks / expected : null, Impressions),
            Metric.LeadGeneration => (Length > TimeSpan.Zero ? Channels.Sum(c => c.Leads) / Length.TotalDays * 7 : null, Length.TotalDays),
            Metric.ConversionRate => (clicks > 0 ? (double)Channels.Sum(c => c.Conversions) / clicks : null, clicks),
            _ => (Spend > 0 ? (double)(Channels.Sum(c => c.ConversionValue) / Spend) : null, clicks),
        };
    }

    private double ExpectedClicks() => Channels.Sum(c => c.Impressions * ChannelBenchmarks.ClickThroughRate(c.Channel));
}

/// <summary>Industry click-through rates the effectiveness metric measures against.</summary>
public static class ChannelBenchmarks
{
    public static double ClickThroughRate(string channel) => channel switch
    {
        "email" => 0.03,
        "linkedin" => 0.006,
        "google_ads" => 0.04,
        "meta" => 0.012,
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "no benchmark for this channel"),
    };
}
