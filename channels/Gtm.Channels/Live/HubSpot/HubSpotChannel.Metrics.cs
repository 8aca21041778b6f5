using System.Globalization;
using System.Text.Json.Nodes;

namespace Gtm.Channels.Live.HubSpot;

internal sealed partial class HubSpotChannel
{
    public const string LeadProperty = "gtm_campaign";

    /// <summary>
    /// Lifetime totals: the email's statistics and those of every A/B variation it has had
    /// (delivered emails are the impressions, clicks the clicks); leads are the contacts created
    /// since the email whose <c>gtm_campaign</c> names the campaign (the property the campaign's
    /// forms set), conversions those of them that became opportunities or customers. HubSpot
    /// charges nothing per email, so spend is zero, and it holds no order values for contacts, so
    /// conversion value is zero too.
    /// </summary>
    public async Task<ChannelMetrics> ReadMetricsAsync(string platformCampaignId, CancellationToken cancellation)
    {
        Campaign campaign = await ReadAsync(platformCampaignId, cancellation, withStatistics: true).ConfigureAwait(false);
        EmailCounters total = EmailCounters.Of(campaign.Email);
        foreach (string variation in campaign.State.VariationEmailIds)
        {
            bool archived = campaign.State.Test is not { Running: true } test || test.VariationEmailId != variation;
            total = total.Add(EmailCounters.Of(await api.GetEmailAsync(variation, withStatistics: true, cancellation, archived).ConfigureAwait(false)));
        }

        JsonObject[] leads = LeadFilters(campaign);
        long leadCount = await api.CountContactsAsync(leads, cancellation).ConfigureAwait(false);
        var converted = new JsonObject { ["propertyName"] = "lifecyclestage", ["operator"] = "IN", ["values"] = new JsonArray("opportunity", "customer") };
        long conversions = await api.CountContactsAsync([.. leads, converted], cancellation).ConfigureAwait(false);
        return new ChannelMetrics(platformCampaignId, total.Delivered, total.Clicks, leadCount, conversions, 0m, 0m, time.GetUtcNow());
    }

    private static JsonObject[] LeadFilters(Campaign campaign)
    {
        DateTimeOffset since = DateTimeOffset.Parse(HubSpotApi.Text(campaign.Email["createdAt"]), CultureInfo.InvariantCulture);
        return
        [
            new JsonObject { ["propertyName"] = LeadProperty, ["operator"] = "EQ", ["value"] = campaign.State.ContactKey },
            new JsonObject { ["propertyName"] = "createdate", ["operator"] = "GTE", ["value"] = since.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) },
        ];
    }
}

/// <summary>An email's counters from its <c>stats.counters</c>: emails delivered and clicks.</summary>
internal readonly record struct EmailCounters(long Delivered, long Clicks)
{
    public static EmailCounters Of(JsonObject email)
    {
        JsonNode? counters = email["stats"]?["counters"];
        return new EmailCounters(HubSpotApi.Long(counters?["delivered"]), HubSpotApi.Long(counters?["click"]));
    }

    public EmailCounters Add(EmailCounters other) => new(Delivered + other.Delivered, Clicks + other.Clicks);
}
