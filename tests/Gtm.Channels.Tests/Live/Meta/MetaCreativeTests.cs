using System.Text.Json.Nodes;
using WireMock.Logging;
using WireMock.RequestBuilders;
using static Gtm.Channels.Tests.Live.Meta.MetaStub;

namespace Gtm.Channels.Tests.Live.Meta;

/// <summary>Which content a Meta campaign serves, switched by its ads' status; the candidate's own metrics.</summary>
public sealed class MetaCreativeTests : IDisposable
{
    private const string Name = "Spring launch · v1/c1 · gtm-0123456789abcdef";
    private readonly MetaStub stub = new();

    public void Dispose() => stub.Dispose();

    /// <summary>
    /// A launch ad (no tag), one of generation 2, an archived one of generation 2 and an A/B test's
    /// own ad, which are none of the rotation's.
    /// </summary>
    private void Ads(string launch, string candidate)
    {
        stub.AccountCurrency("EUR");
        stub.Campaign("777", Name, "ACTIVE", 5000);
        stub.Ads("777",
            Ad("91", "Launch ad", launch),
            Ad("92", "Spring headline gtm-gen-2", candidate),
            Ad("93", "Old spring headline gtm-gen-2", "ARCHIVED"),
            Ad("94", "gtm-test 777 t1 b", "ACTIVE"));
        stub.Changes();
    }

    /// <summary>The ads listing asks for each ad's id, name and status, a page of 100 at a time.</summary>
    private void AssertAdsWereListed()
    {
        ILogEntry[] lists = [.. stub.RequestsTo("GET", $"{Graph}/777/ads")];
        Assert.NotEmpty(lists);
        Assert.All(lists, l => AssertFields(new() { ["fields"] = "id,name,status", ["limit"] = "100" }, Query(l)));
    }

    [Fact]
    public async Task The_whole_audience_on_the_candidate_activates_its_ad_before_pausing_the_current_one()
    {
        Ads(launch: "ACTIVE", candidate: "PAUSED");

        PlatformCampaign campaign = await stub.Adapter().SetCreativesAsync("777", new CreativeSplit(1, 2, 1.0), CancellationToken.None);

        stub.AssertEveryRequestIsAuthenticated();
        AssertAdsWereListed();
        Assert.Equal(["/92 status=ACTIVE", "/91 status=PAUSED"], stub.Changed());
        Assert.Equal(new CreativeSplit(2), campaign.Creatives);
        Assert.Equal((CampaignStatus.Active, 50m), (campaign.Status, campaign.DailyBudget));
    }

    [Fact]
    public async Task Back_to_the_launch_content_activates_the_launch_ad_then_pauses_the_candidate()
    {
        Ads(launch: "PAUSED", candidate: "ACTIVE");

        PlatformCampaign campaign = await stub.Adapter().SetCreativesAsync("777", CreativeSplit.Launch, CancellationToken.None);

        Assert.Equal(["/91 status=ACTIVE", "/92 status=PAUSED"], stub.Changed());
        Assert.Equal(CreativeSplit.Launch, campaign.Creatives);
    }

    [Fact]
    public async Task A_partial_share_is_refused_before_anything_changes_as_Meta_weighs_ads_by_their_results()
    {
        Ads(launch: "ACTIVE", candidate: "PAUSED");

        var refused = await Assert.ThrowsAsync<ChannelRefusedException>(() => stub.Adapter().SetCreativesAsync("777", new CreativeSplit(1, 2, 0.5), CancellationToken.None));

        Assert.Contains("content generation 2 cannot be served to 50", refused.Message, StringComparison.Ordinal);
        Assert.Contains("not in an even rotation", refused.Message, StringComparison.Ordinal);
        Assert.False(refused.Retryable);
        Assert.Empty(stub.Changed());
    }

    [Fact]
    public async Task A_split_the_ads_already_serve_changes_nothing_and_get_reports_it()
    {
        Ads(launch: "PAUSED", candidate: "ACTIVE");
        IChannelAdapter meta = stub.Adapter();

        PlatformCampaign read = await meta.GetAsync("777", CancellationToken.None);
        PlatformCampaign set = await meta.SetCreativesAsync("777", new CreativeSplit(2), CancellationToken.None);

        Assert.Equal((new CreativeSplit(2), new CreativeSplit(2)), (read.Creatives, set.Creatives));
        Assert.Empty(stub.Changed());
        AssertAdsWereListed();
    }

    [Fact]
    public async Task Get_reports_both_generations_when_both_are_active()
    {
        Ads(launch: "ACTIVE", candidate: "ACTIVE");

        PlatformCampaign campaign = await stub.Adapter().GetAsync("777", CancellationToken.None);

        Assert.Equal(new CreativeSplit(1, 2, 0.5), campaign.Creatives);
        Assert.Equal(["GET /777", "GET /777/ads", $"GET /act_{Account}"], stub.Calls());
    }

    [Fact]
    public async Task A_campaign_without_ads_takes_the_launch_content_without_a_change_and_refuses_another_generation()
    {
        stub.AccountCurrency("EUR");
        stub.Campaign("777", Name, "PAUSED", 5000);
        stub.Changes();
        IChannelAdapter meta = stub.Adapter();

        PlatformCampaign launch = await meta.SetCreativesAsync("777", CreativeSplit.Launch, CancellationToken.None);
        var later = await Assert.ThrowsAsync<ChannelRefusedException>(() => meta.SetCreativesAsync("777", new CreativeSplit(2), CancellationToken.None));

        Assert.Equal(CreativeSplit.Launch, launch.Creatives);
        Assert.Empty(stub.Changed());
        Assert.Contains("no active or paused ad for content generation 2 (tag the ad's name with 'gtm-gen-2')", later.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_ads_are_read_page_after_page()
    {
        stub.AccountCurrency("EUR");
        stub.Campaign("777", Name, "ACTIVE", 5000);
        var first = Page(Ad("91", "Launch ad", "PAUSED"));
        first["paging"] = new JsonObject { ["cursors"] = new JsonObject { ["before"] = "MA", ["after"] = "QVFI" }, ["next"] = $"https://graph.facebook.com{Graph}/777/ads?after=QVFI" };
        stub.Server.Given(Request.Create().WithPath($"{Graph}/777/ads").WithParam("after", "QVFI").UsingGet()).AtPriority(1).RespondWith(Json(Page(Ad("92", "Spring headline gtm-gen-2", "ACTIVE"))));
        stub.Server.Given(Request.Create().WithPath($"{Graph}/777/ads").UsingGet()).AtPriority(2).RespondWith(Json(first));

        PlatformCampaign campaign = await stub.Adapter().GetAsync("777", CancellationToken.None);

        Assert.Equal(new CreativeSplit(2), campaign.Creatives);
        Assert.Equal(2, stub.RequestsTo("GET", $"{Graph}/777/ads").Count);
        AssertFields(new() { ["fields"] = "id,name,status", ["limit"] = "100", ["after"] = "QVFI" }, Query(stub.RequestsTo("GET", $"{Graph}/777/ads")[1]));
    }

    [Fact]
    public async Task Metrics_carry_the_candidate_generations_ads_own_lifetime_insights()
    {
        stub.Ads("777", Ad("91", "Launch ad", "ACTIVE"), Ad("92", "Spring gtm-gen-2", "ACTIVE"), Ad("95", "Spring square gtm-gen-2", "PAUSED"), Ad("96", "Old gtm-gen-2", "DELETED"));
        var campaign = JsonNode.Parse("""{"spend":"40.00","impressions":"1000","clicks":"50","actions":[{"action_type":"lead","value":"5"},{"action_type":"omni_purchase","value":"3"}],"action_values":[{"action_type":"omni_purchase","value":"90.00"}]}""")!;
        JsonNode[] ads =
        [
            JsonNode.Parse("""{"ad_id":"92","spend":"10.00","impressions":"300","clicks":"20","actions":[{"action_type":"lead","value":"2"},{"action_type":"purchase","value":"1"}],"purchase_roas":[{"action_type":"omni_purchase","value":"3"}]}""")!,
            JsonNode.Parse("""{"ad_id":"95","spend":"5.50","impressions":"100","clicks":"4","actions":[{"action_type":"omni_purchase","value":"1"}],"action_values":[{"action_type":"omni_purchase","value":"25.00"}]}""")!,
        ];
        stub.Server.Given(Request.Create().WithPath($"{Graph}/777/insights").WithParam("level", "ad").UsingGet()).AtPriority(1).RespondWith(Json(Page(ads)));
        stub.Answer("GET", "777/insights", Page(campaign));

        ChannelMetrics read = await stub.Adapter().ReadMetricsAsync("777", CancellationToken.None);

        stub.AssertEveryRequestIsAuthenticated();
        ILogEntry[] insights = [.. stub.RequestsTo("GET", $"{Graph}/777/insights")];
        Assert.Equal(2, insights.Length);
        AssertFields(new() { ["fields"] = "spend,impressions,clicks,actions,action_values,purchase_roas", ["date_preset"] = "maximum" }, Query(insights[0]));
        AssertFields(
            new()
            {
                ["fields"] = "spend,impressions,clicks,actions,action_values,purchase_roas",
                ["date_preset"] = "maximum",
                ["level"] = "ad",
                ["filtering"] = """[{"field":"ad.id","operator":"IN","value":["92","95"]}]""",
                ["limit"] = "100",
            },
            Query(insights[1]));
        Assert.Equal((1000L, 50L, 5L, 3L, 40.00m, 90.00m), (read.Impressions, read.Clicks, read.Leads, read.Conversions, read.Spend, read.ConversionValue));
        ChannelMetrics candidate = Assert.IsType<ChannelMetrics>(read.Candidate);
        Assert.Equal((400L, 24L, 2L, 2L, 15.50m, 55.00m), (candidate.Impressions, candidate.Clicks, candidate.Leads, candidate.Conversions, candidate.Spend, candidate.ConversionValue));
    }

    [Fact]
    public async Task Metrics_of_a_campaign_with_one_generation_have_no_candidate_and_read_no_ad_insights()
    {
        stub.Ads("777", Ad("91", "Launch ad", "ACTIVE"), Ad("94", "gtm-test 777 t1 b gtm-gen-2", "ACTIVE"));
        stub.Answer("GET", "777/insights", Page());

        ChannelMetrics read = await stub.Adapter().ReadMetricsAsync("777", CancellationToken.None);

        Assert.Null(read.Candidate);
        Assert.Equal(["GET /777/insights", "GET /777/ads"], stub.Calls());
    }
}
