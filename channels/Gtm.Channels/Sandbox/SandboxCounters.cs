using Azure.Data.Tables;

namespace Gtm.Channels.Sandbox;

/// <summary>What a campaign's audience did, as fractional expectations (rounded down when reported), kept in the row under a prefix.</summary>
internal sealed record SandboxCounters(double Impressions, double Clicks, double Leads, double Conversions, double Spend, double Value)
{
    public static SandboxCounters Zero { get; } = new(0, 0, 0, 0, 0, 0);

    private static readonly string[] Fields = ["Impressions", "Clicks", "Leads", "Conversions", "Spend", "Value"];

    public static SandboxCounters Read(TableEntity row, string prefix)
    {
        double Get(string field) => row.GetDouble(prefix + field) ?? 0;
        return new(Get("Impressions"), Get("Clicks"), Get("Leads"), Get("Conversions"), Get("Spend"), Get("Value"));
    }

    public void Write(TableEntity row, string prefix)
    {
        double[] values = [Impressions, Clicks, Leads, Conversions, Spend, Value];
        for (int i = 0; i < Fields.Length; i++)
        {
            row[prefix + Fields[i]] = values[i];
        }
    }

    /// <summary>The audience's answer to <paramref name="spend"/> on the channel, at the market's response.</summary>
    public SandboxCounters Accrue(string channel, double spend, MarketResponse response)
    {
        (double impressionsPerUnit, double clickRate, double leadRate, double conversionRate, double value) = SandboxScenario.Baseline(channel);
        double impressions = spend * impressionsPerUnit;
        double clicks = impressions * clickRate * response.ClickThrough;
        double conversions = clicks * conversionRate * response.Conversion;
        return new(Impressions + impressions, Clicks + clicks, Leads + (clicks * leadRate), Conversions + conversions, Spend + spend, Value + (conversions * value * response.Value));
    }

    /// <summary>
    /// Whole counts as a platform reports them. Each campaign rounds with its own fixed offset, so
    /// many small campaigns add up to the expected total instead of all rounding down to nothing.
    /// </summary>
    public ChannelMetrics ToMetrics(string platformCampaignId, DateTimeOffset asOf, ChannelMetrics? candidate = null)
    {
        double offset = (uint)platformCampaignId.Aggregate(17, (h, c) => unchecked((h * 31) + c)) % 1000 / 1000.0;
        long Count(double value) => (long)Math.Floor(value + offset);
        return new(platformCampaignId, Count(Impressions), Count(Clicks), Count(Leads), Count(Conversions), Math.Round((decimal)Spend, 2), Math.Round((decimal)Value, 2), asOf, candidate);
    }
}
