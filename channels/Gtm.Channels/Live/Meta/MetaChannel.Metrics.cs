using System.Text.Json.Nodes;
using Gtm.Channels.Live.Creatives;

namespace Gtm.Channels.Live.Meta;

internal sealed partial class MetaChannel
{
    private const string InsightFields = "spend,impressions,clicks,actions,action_values,purchase_roas";

    /// <summary>Meta's total of every lead (forms on Meta and the pixel's leads alike).</summary>
    private static readonly string[] LeadTypes = ["lead"];

    /// <summary>
    /// Purchases, the campaign's conversions: the first type Meta reports, as each later one is
    /// part of the one before it (omni_purchase spans web, app and on-Meta purchases), so none is
    /// counted twice.
    /// </summary>
    private static readonly string[] PurchaseTypes = ["omni_purchase", "purchase", "offsite_conversion.fb_pixel_purchase"];

    /// <summary>
    /// Lifetime totals from <c>GET /{campaign_id}/insights</c> over <c>date_preset=maximum</c>:
    /// spend in the account currency's major unit, impressions, clicks, leads and purchases from
    /// <c>actions</c>, their value from <c>action_values</c> (or <c>purchase_roas</c> times spend
    /// when Meta reports only the ratio). A campaign that has not delivered has no row: all zero.
    /// While the campaign holds ads of more than one content generation, the newest one's ads'
    /// own lifetime totals (<c>level=ad</c>, filtered to their ids) are the candidate's: its ads are
    /// made for its rollout, so their lifetime is the rollout's.
    /// </summary>
    public async Task<ChannelMetrics> ReadMetricsAsync(string platformCampaignId, CancellationToken cancellation)
    {
        string id = Checked(platformCampaignId);
        var lifetime = new Dictionary<string, string> { ["fields"] = InsightFields, ["date_preset"] = "maximum" };
        JsonNode answer = await api.GetAsync($"{id}/insights", lifetime, cancellation).ConfigureAwait(false);
        ChannelMetrics totals = Sum(id, answer["data"]?.AsArray().OfType<JsonNode>() ?? []);
        IReadOnlyList<TaggedCreative> ads = MetaAds.Rotation(await AdsAsync(id, cancellation).ConfigureAwait(false));
        if (TaggedCreatives.CandidateIds(ads) is not { } ids)
        {
            return totals;
        }

        JsonArray candidateAds = [.. ids.Select(id => (JsonNode)id)];
        var byAd = new Dictionary<string, string>(lifetime)
        {
            ["level"] = "ad",
            ["filtering"] = new JsonArray(new JsonObject { ["field"] = "ad.id", ["operator"] = "IN", ["value"] = candidateAds }).ToJsonString(),
        };
        return totals with { Candidate = Sum(id, await api.ListAsync($"{id}/insights", byAd, cancellation).ConfigureAwait(false)) };
    }

    /// <summary>The rows' totals: one row for a campaign, one per ad at <c>level=ad</c>.</summary>
    private ChannelMetrics Sum(string id, IEnumerable<JsonNode> rows)
    {
        var sum = new ChannelMetrics(id, 0, 0, 0, 0, 0, 0, time.GetUtcNow());
        foreach (JsonNode row in rows)
        {
            decimal spend = MetaApi.Decimal(row["spend"]);
            decimal value = First(row["action_values"], PurchaseTypes)
                ?? (First(row["purchase_roas"], PurchaseTypes) is { } roas ? Math.Round(roas * spend, 2) : 0);
            sum = sum with
            {
                Impressions = sum.Impressions + MetaApi.Int64(row["impressions"]),
                Clicks = sum.Clicks + MetaApi.Int64(row["clicks"]),
                Leads = sum.Leads + (long)decimal.Floor(First(row["actions"], LeadTypes) ?? 0),
                Conversions = sum.Conversions + (long)decimal.Floor(First(row["actions"], PurchaseTypes) ?? 0),
                Spend = sum.Spend + spend,
                ConversionValue = sum.ConversionValue + value,
            };
        }

        return sum;
    }

    /// <summary>The value of the first of <paramref name="types"/> in a list of <c>{action_type, value}</c>; null when none is there.</summary>
    private static decimal? First(JsonNode? actions, string[] types)
    {
        JsonArray list = actions as JsonArray ?? [];
        foreach (string type in types)
        {
            if (list.FirstOrDefault(a => a?["action_type"]?.ToString() == type) is { } action)
            {
                return MetaApi.Decimal(action["value"]);
            }
        }

        return null;
    }
}
