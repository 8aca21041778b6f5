using System.Text.Json.Nodes;
using Gtm.Channels.Live.Creatives;

namespace Gtm.Channels.Live.LinkedIn;

internal sealed partial class LinkedInChannel
{
    /// <summary>
    /// Totals since the campaign was created, from <c>adAnalytics</c> over the whole period (the
    /// start day is the campaign's creation day, UTC): website conversions as conversions, Lead Gen
    /// Form submissions as leads, spend and conversion value in the account's currency. While the
    /// campaign holds creatives of more than one content generation, the newest one's own totals
    /// are the candidate's (its creatives are made for its rollout, so their lifetime is the rollout's).
    /// </summary>
    public async Task<ChannelMetrics> ReadMetricsAsync(string platformCampaignId, CancellationToken cancellation)
    {
        string id = Checked(platformCampaignId);
        JsonNode campaign = await api.GetCampaignAsync(id, cancellation).ConfigureAwait(false);
        DateOnly since = Created(campaign);
        IReadOnlyList<TaggedCreative> creatives = LinkedInCreatives.Read(await api.CreativesAsync(id, cancellation).ConfigureAwait(false));
        ChannelMetrics totals = Sum(id, await api.AnalyticsAsync("CAMPAIGN", "campaigns", [Restli.CampaignUrn(id)], since, cancellation).ConfigureAwait(false));
        if (TaggedCreatives.CandidateIds(creatives) is not { } urns)
        {
            return totals;
        }

        return totals with { Candidate = Sum(id, await api.AnalyticsAsync("CREATIVE", "creatives", urns, since, cancellation).ConfigureAwait(false)) };
    }

    private ChannelMetrics Sum(string id, IReadOnlyList<JsonNode> rows)
    {
        long Count(string field) => rows.Sum(r => (long)LinkedInMoney.Number(r[field]));
        decimal Money(string field) => rows.Sum(r => LinkedInMoney.Number(r[field]));
        return new ChannelMetrics(id, Count("impressions"), Count("clicks"), Count("oneClickLeads"), Count("externalWebsiteConversions"), Money("costInLocalCurrency"), Money("conversionValueInLocalCurrency"), time.GetUtcNow());
    }

    /// <summary>The campaign's creation day (UTC), or its scheduled start for a campaign read without its audit stamps.</summary>
    private DateOnly Created(JsonNode campaign)
    {
        JsonNode? millis = campaign["changeAuditStamps"]?["created"]?["time"] ?? campaign["runSchedule"]?["start"];
        return millis is null
            ? throw new ChannelException(Channel, $"campaign {campaign["id"]} was read without its creation time")
            : DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds((long)LinkedInMoney.Number(millis)).UtcDateTime);
    }
}
