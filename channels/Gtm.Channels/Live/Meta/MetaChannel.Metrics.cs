using System.Text.Json.Nodes;

namespace Gtm.Channels.Live.Meta;

internal sealed partial class MetaChannel
{
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
    /// </summary>
    public async Task<ChannelMetrics> ReadMetricsAsync(string platformCampaignId, CancellationToken cancellation)
    {
        var query = new Dictionary<string, string>
        {
            ["fields"] = "spend,impressions,clicks,actions,action_values,purchase_roas",
            ["date_preset"] = "maximum",
        };
        JsonNode answer = await api.GetAsync($"{Checked(platformCampaignId)}/insights", query, cancellation).ConfigureAwait(false);
        JsonNode? row = answer["data"]?.AsArray().FirstOrDefault();
        decimal spend = MetaApi.Decimal(row?["spend"]);
        decimal value = First(row?["action_values"], PurchaseTypes)
            ?? (First(row?["purchase_roas"], PurchaseTypes) is { } roas ? Math.Round(roas * spend, 2) : 0);
        return new ChannelMetrics(
            platformCampaignId,
            MetaApi.Int64(row?["impressions"]),
            MetaApi.Int64(row?["clicks"]),
            (long)decimal.Floor(First(row?["actions"], LeadTypes) ?? 0),
            (long)decimal.Floor(First(row?["actions"], PurchaseTypes) ?? 0),
            spend,
            value,
            time.GetUtcNow());
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
