using System.Text.Json.Nodes;

namespace Gtm.Channels.Live.GoogleAds;

internal sealed partial class GoogleAdsChannel
{
    /// <summary>
    /// Lifetime totals by GAQL: a query on the campaign without a <c>segments.date</c> condition
    /// covers all time. Google counts leads as conversions (the account's lead conversion
    /// actions), so both report the conversions; fractional conversions (data-driven attribution)
    /// are rounded down.
    /// </summary>
    public async Task<ChannelMetrics> ReadMetricsAsync(string platformCampaignId, CancellationToken cancellation)
    {
        string query = "SELECT metrics.impressions, metrics.clicks, metrics.conversions, metrics.cost_micros, metrics.conversions_value "
            + $"FROM campaign WHERE campaign.id = {Checked(platformCampaignId)}";
        IReadOnlyList<JsonNode> rows = await api.SearchAsync(query, cancellation).ConfigureAwait(false);
        long Sum(string field) => rows.Sum(r => GoogleAdsApi.Int64(r["metrics"]?[field]));
        double SumDouble(string field) => rows.Sum(r => GoogleAdsApi.Double(r["metrics"]?[field]));
        long conversions = (long)Math.Floor(SumDouble("conversions"));
        return new ChannelMetrics(
            platformCampaignId,
            Sum("impressions"),
            Sum("clicks"),
            conversions,
            conversions,
            CurrencyUnits.FromMicros(Sum("costMicros")),
            Math.Round((decimal)SumDouble("conversionsValue"), 2),
            time.GetUtcNow());
    }
}
