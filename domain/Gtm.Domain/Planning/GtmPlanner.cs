using Gtm.Domain.Ventures;

namespace Gtm.Domain.Planning;

/// <summary>
/// Substage 17.1 (MarketingAnalyst), as pure functions: KPIs and per-segment targets, the channel
/// mix, and the initial budget allocation within each channel's floor and cap.
/// </summary>
public static class GtmPlanner
{
    public sealed record SegmentKpis(string SegmentId, string SegmentType, KpiDefaults.Target ConversionRate, KpiDefaults.Target Roas, KpiDefaults.Target LeadsPerWeek, KpiDefaults.Target Effectiveness);

    public sealed record ChannelShare(string Channel, decimal Share, IReadOnlyList<string> Segments);

    public sealed record ChannelBudget(string Channel, decimal DailyBudget);

    /// <summary>Leads are split across segments by reachable size; the rest follows the segment type.</summary>
    public static IReadOnlyList<SegmentKpis> Kpis(VentureInputs inputs)
    {
        MarketStrategy strategy = inputs.MarketStrategy;
        decimal weeks = Math.Max(1m, strategy.TimeHorizonDays / 7m);
        decimal totalSize = inputs.CustomerSegments.Sum(s => (decimal)s.Size);
        decimal roasFloor = KpiDefaults.RoasFloor(strategy.GrossMargin);
        return [.. inputs.CustomerSegments.Select(segment => new SegmentKpis(
            segment.Id,
            segment.Type,
            KpiDefaults.Target.Of(KpiDefaults.ConversionRate(segment.Type)),
            KpiDefaults.Target.Of(roasFloor * 2),
            KpiDefaults.Target.Of(Math.Round(strategy.Objectives.Leads / weeks * (segment.Size / totalSize), 2)),
            KpiDefaults.Target.Of(KpiDefaults.Effectiveness)))];
    }

    /// <summary>
    /// Each enabled channel weighs what the segments that prefer it are worth (size times deal
    /// value, so a few enterprise buyers count as much as many consumers); shares then respect the
    /// channel's floor and cap. A channel no segment prefers gets its floor.
    /// </summary>
    public static IReadOnlyList<ChannelShare> ChannelMix(VentureInputs inputs)
    {
        List<MarketingChannel> channels = [.. inputs.MarketingChannels.Where(c => c.Enabled)];
        double[] weights = [.. channels.Select(channel => inputs.CustomerSegments
            .Where(s => s.PreferredChannels.Contains(channel.Kind))
            .Sum(s => Math.Log10(1 + (double)s.Size) * Math.Log10(10 + (double)s.DealValue) / s.PreferredChannels.Count))];
        decimal[] shares = BudgetShares.Allocate(weights, [.. channels.Select(c => new BudgetShares.Bounds(c.MinBudgetShare, c.MaxBudgetShare))]);
        return [.. channels.Select((channel, i) => new ChannelShare(
            channel.Kind,
            shares[i],
            [.. inputs.CustomerSegments.Where(s => s.PreferredChannels.Contains(channel.Kind)).Select(s => s.Id)]))];
    }

    /// <summary>The budget per day, from the strategy's amount and period, split by share.</summary>
    public static IReadOnlyList<ChannelBudget> Budgets(MarketStrategy strategy, IReadOnlyList<ChannelShare> mix)
    {
        decimal days = strategy.TotalBudget.Period switch
        {
            "monthly" => 30.4m,
            "quarterly" => 91.25m,
            _ => strategy.TimeHorizonDays,
        };
        decimal daily = strategy.TotalBudget.Amount / days;
        return [.. mix.Select(m => new ChannelBudget(m.Channel, Math.Round(daily * m.Share, 2)))];
    }
}
