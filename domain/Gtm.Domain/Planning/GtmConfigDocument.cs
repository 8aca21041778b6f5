using Gtm.Domain.Ventures;

namespace Gtm.Domain.Planning;

/// <summary>The <c>gtm_config</c> contract as a record (snake_case in JSON through <see cref="ContractJson"/>).</summary>
public sealed record GtmConfigDocument(
    string VentureId,
    int Version,
    string Currency,
    IReadOnlyList<KpiEntry> Kpis,
    IReadOnlyList<ChannelMixEntry> ChannelMix,
    IReadOnlyList<BudgetEntry> BudgetAllocation,
    DateTimeOffset CreatedAt)
{
    /// <summary>17.1's draft from validated inputs: KPIs, channel mix and budgets.</summary>
    public static GtmConfigDocument Draft(VentureInputs inputs, int version, DateTimeOffset now)
    {
        IReadOnlyList<GtmPlanner.ChannelShare> mix = GtmPlanner.ChannelMix(inputs);
        return new GtmConfigDocument(
            inputs.MarketStrategy.VentureId,
            version,
            inputs.MarketStrategy.TotalBudget.Currency,
            [.. GtmPlanner.Kpis(inputs).Select(k => new KpiEntry(k.SegmentId, k.SegmentType, Target(k.ConversionRate), Target(k.Roas), Target(k.LeadsPerWeek), Target(k.Effectiveness)))],
            [.. mix.Select(m => new ChannelMixEntry(m.Channel, m.Share, m.Segments))],
            [.. GtmPlanner.Budgets(inputs.MarketStrategy, mix).Select(b => new BudgetEntry(b.Channel, b.DailyBudget))],
            now);
    }

    /// <summary>The channel's daily budget, shared equally among its campaigns.</summary>
    public decimal DailyBudgetPerCampaign(string channel, int campaignsOnChannel) =>
        Math.Round((BudgetAllocation.FirstOrDefault(b => b.Channel == channel)?.DailyBudget ?? 0) / campaignsOnChannel, 2);

    private static TargetEntry Target(KpiDefaults.Target t) => new(t.Value, t.Threshold, t.Alert);
}

public sealed record KpiEntry(string SegmentId, string SegmentType, TargetEntry ConversionRate, TargetEntry Roas, TargetEntry LeadsPerWeek, TargetEntry Effectiveness);

public sealed record TargetEntry(decimal Target, decimal Threshold, decimal Alert);

public sealed record ChannelMixEntry(string Channel, decimal Share, IReadOnlyList<string> Segments);

public sealed record BudgetEntry(string Channel, decimal DailyBudget);
