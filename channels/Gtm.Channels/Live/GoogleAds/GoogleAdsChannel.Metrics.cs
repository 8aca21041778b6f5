using System.Text.Json.Nodes;
using Gtm.Channels.Live.Creatives;

namespace Gtm.Channels.Live.GoogleAds;

internal sealed partial class GoogleAdsChannel
{
    private const string MetricFields = "metrics.impressions, metrics.clicks, metrics.conversions, metrics.cost_micros, metrics.conversions_value";

    /// <summary>
    /// Lifetime totals by GAQL: a query on the campaign without a <c>segments.date</c> condition
    /// covers all time. Google counts leads as conversions (the account's lead conversion
    /// actions), so both report the conversions; fractional conversions (data-driven attribution)
    /// are rounded down. While the campaign holds ads of more than one content generation, the
    /// newest one's ads' own totals are the candidate's (they are made for its rollout).
    /// </summary>
    public async Task<ChannelMetrics> ReadMetricsAsync(string platformCampaignId, CancellationToken cancellation)
    {
        string id = Checked(platformCampaignId);
        ChannelMetrics totals = Sum(id, await api.SearchAsync($"SELECT {MetricFields} FROM campaign WHERE campaign.id = {id}", cancellation).ConfigureAwait(false));
        IReadOnlyList<JsonNode> ads = await AdsAsync(id, cancellation, $", {MetricFields}").ConfigureAwait(false);
        IReadOnlyList<TaggedCreative> creatives = Creatives(ads);
        if (TaggedCreatives.CandidateIds(creatives) is not { } candidates)
        {
            return totals;
        }

        return totals with { Candidate = Sum(id, [.. ads.Where(a => candidates.Contains(a["adGroupAd"]?["resourceName"]?.ToString() ?? ""))]) };
    }

    private ChannelMetrics Sum(string id, IReadOnlyList<JsonNode> rows)
    {
        long Count(string field) => rows.Sum(r => GoogleAdsApi.Int64(r["metrics"]?[field]));
        double Real(string field) => rows.Sum(r => GoogleAdsApi.Double(r["metrics"]?[field]));
        long conversions = (long)Math.Floor(Real("conversions"));
        return new ChannelMetrics(id, Count("impressions"), Count("clicks"), conversions, conversions, CurrencyUnits.FromMicros(Count("costMicros")), Math.Round((decimal)Real("conversionsValue"), 2), time.GetUtcNow());
    }
}
