using System.Text.Json.Nodes;
using WireMock.Logging;
using static Gtm.Channels.Tests.Live.GoogleAds.GoogleAdsStub;

namespace Gtm.Channels.Tests.Live.GoogleAds;

/// <summary>The content a campaign serves: its responsive search ads, tagged with their content generation in the final URL suffix.</summary>
public sealed class GoogleAdsCreativeTests : IDisposable
{
    private const string AdsQuery = "SELECT ad_group_ad.resource_name, ad_group_ad.status, ad_group_ad.ad.final_url_suffix, ad_group.resource_name, ad_group.ad_rotation_mode FROM ad_group_ad WHERE campaign.id = 777 AND ad_group_ad.status != 'REMOVED'";

    private readonly GoogleAdsStub stub = new();

    public void Dispose() => stub.Dispose();

    private static JsonObject AdRow(string id, string status, string suffix, string rotation = "ROTATE_FOREVER", string adGroup = "91", JsonObject? metrics = null)
    {
        var row = new JsonObject
        {
            ["adGroupAd"] = new JsonObject { ["resourceName"] = $"customers/{Customer}/adGroupAds/{adGroup}~{id}", ["status"] = status, ["ad"] = new JsonObject { ["finalUrlSuffix"] = suffix } },
            ["adGroup"] = new JsonObject { ["resourceName"] = $"customers/{Customer}/adGroups/{adGroup}", ["adRotationMode"] = rotation },
        };
        if (metrics is not null)
        {
            row["metrics"] = metrics;
        }

        return row;
    }

    private void Campaign(params JsonObject[] ads)
    {
        stub.Search("FROM campaign WHERE campaign.id = 777", [CampaignRow("777", "Spring launch · v1/c1 · gtm-0123456789abcdef", "ENABLED", 50_000_000)]);
        stub.Search("FROM ad_group_ad WHERE campaign.id = 777", [.. ads]);
        stub.Mutate("adGroupAds", "ignored");
    }

    private static string AdUpdate(string id, string status) =>
        $$$"""{"operations":[{"update":{"resourceName":"customers/{{{Customer}}}/adGroupAds/91~{{{id}}}","status":"{{{status}}}"},"updateMask":"status"}]}""";

    [Fact]
    public async Task A_switch_to_new_content_enables_its_ads_before_it_pauses_the_old_ones()
    {
        Campaign(AdRow("1", "ENABLED", "utm_content=gtm-gen-1"), AdRow("2", "ENABLED", ""), AdRow("3", "PAUSED", "utm_source=g&utm_content=gtm-gen-2"));

        PlatformCampaign campaign = await stub.Adapter().SetCreativesAsync("777", new CreativeSplit(2), CancellationToken.None);

        stub.AssertEveryRequestIsAuthenticated();
        Assert.Equal(AdsQuery, Query(stub.RequestsTo("googleAds:searchStream")[1]));
        IReadOnlyList<ILogEntry> updates = stub.RequestsTo("adGroupAds:mutate");
        Assert.Equal(3, updates.Count);
        AssertJson(AdUpdate("3", "ENABLED"), Body(updates[0]));
        AssertJson(AdUpdate("1", "PAUSED"), Body(updates[1]));
        AssertJson(AdUpdate("2", "PAUSED"), Body(updates[2]));
        Assert.Equal(new CreativeSplit(2), campaign.Creatives);
    }

    [Fact]
    public async Task A_candidate_gets_its_ads_share_of_an_even_rotation_and_never_more_than_asked()
    {
        Campaign(AdRow("1", "ENABLED", "gtm-gen-1"), AdRow("2", "PAUSED", "gtm-gen-2"));
        IChannelAdapter google = stub.Adapter();

        PlatformCampaign half = await google.SetCreativesAsync("777", new CreativeSplit(1, 2, 0.5), CancellationToken.None);
        PlatformCampaign tenth = await google.SetCreativesAsync("777", new CreativeSplit(1, 2, 0.1), CancellationToken.None);

        AssertJson(AdUpdate("2", "ENABLED"), Body(Assert.Single(stub.RequestsTo("adGroupAds:mutate"))));
        Assert.Equal(new CreativeSplit(1, 2, 0.5), half.Creatives);
        Assert.Equal(new CreativeSplit(1), tenth.Creatives);
    }

    [Theory]
    [InlineData("OPTIMIZE", "91", "not ROTATE_FOREVER")]
    [InlineData("ROTATE_FOREVER", "92", "2 ad groups")]
    public async Task A_share_of_a_rotation_google_does_not_hold_even_is_refused_before_anything_changes(string rotation, string secondAdGroup, string reason)
    {
        Campaign(AdRow("1", "ENABLED", "gtm-gen-1", rotation), AdRow("2", "PAUSED", "gtm-gen-2", rotation, secondAdGroup));

        ChannelRefusedException refused = await Assert.ThrowsAsync<ChannelRefusedException>(() => stub.Adapter().SetCreativesAsync("777", new CreativeSplit(1, 2, 0.5), CancellationToken.None));

        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        Assert.Empty(stub.RequestsTo("adGroupAds:mutate"));
        await stub.Adapter().SetCreativesAsync("777", new CreativeSplit(2), CancellationToken.None);
        Assert.Equal(2, stub.RequestsTo("adGroupAds:mutate").Count);
    }

    [Fact]
    public async Task Content_without_ads_is_refused_naming_the_tag_and_the_launch_content_of_a_campaign_without_ads_changes_nothing()
    {
        Campaign();
        IChannelAdapter google = stub.Adapter();

        ChannelRefusedException refused = await Assert.ThrowsAsync<ChannelRefusedException>(() => google.SetCreativesAsync("777", new CreativeSplit(2), CancellationToken.None));
        PlatformCampaign launch = await google.SetCreativesAsync("777", CreativeSplit.Launch, CancellationToken.None);

        Assert.Contains("tag the ad's final URL suffix with 'gtm-gen-2'", refused.Message, StringComparison.Ordinal);
        Assert.Equal(CreativeSplit.Launch, launch.Creatives);
        Assert.Empty(stub.RequestsTo("adGroupAds:mutate"));
    }

    [Fact]
    public async Task The_candidates_own_metrics_are_its_ads_totals()
    {
        JsonObject Metrics(int impressions, int clicks, double conversions, long cost) =>
            new() { ["impressions"] = $"{impressions}", ["clicks"] = $"{clicks}", ["conversions"] = conversions, ["costMicros"] = $"{cost}", ["conversionsValue"] = conversions * 10 };
        stub.Search("FROM campaign WHERE campaign.id = 777", [new JsonObject { ["metrics"] = Metrics(3000, 150, 9, 60_000_000) }]);
        stub.Search("FROM ad_group_ad WHERE campaign.id = 777", [
            AdRow("1", "ENABLED", "gtm-gen-1", metrics: Metrics(2000, 90, 5, 40_000_000)),
            AdRow("2", "ENABLED", "gtm-gen-2", metrics: Metrics(600, 40, 3.5, 12_000_000)),
            AdRow("3", "ENABLED", "gtm-gen-2", metrics: Metrics(400, 20, 0.5, 8_000_000)),
        ]);

        ChannelMetrics read = await stub.Adapter().ReadMetricsAsync("777", CancellationToken.None);

        Assert.Equal(
            "SELECT ad_group_ad.resource_name, ad_group_ad.status, ad_group_ad.ad.final_url_suffix, ad_group.resource_name, ad_group.ad_rotation_mode, metrics.impressions, metrics.clicks, metrics.conversions, metrics.cost_micros, metrics.conversions_value FROM ad_group_ad WHERE campaign.id = 777 AND ad_group_ad.status != 'REMOVED'",
            Query(stub.Requests[1]));
        Assert.Equal((3000L, 150L, 9L, 60m), (read.Impressions, read.Clicks, read.Conversions, read.Spend));
        Assert.Equal((1000L, 60L, 4L, 20m, 40m), (read.Candidate!.Impressions, read.Candidate.Clicks, read.Candidate.Conversions, read.Candidate.Spend, read.Candidate.ConversionValue));
    }
}
