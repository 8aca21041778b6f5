using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Gtm.Channels;
using static Gtm.Channels.Tests.Live.LinkedIn.LinkedInStub;

namespace Gtm.Channels.Tests.Live.LinkedIn;

/// <summary>The live LinkedIn Ads adapter against a stub that checks each request it is sent.</summary>
public sealed class LinkedInChannelTests : IDisposable
{
    private const string Campaigns = $"{Root}/adCampaigns";
    private readonly LinkedInStub stub = new();

    public void Dispose() => stub.Dispose();

    private static string Tag(string key) => "gtm-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];

    private static ProvisionRequest Request(string key, decimal budget = 12.34m, string currency = "EUR") => new(key, "v1", "c1", "Spring launch", budget, currency, "healthy");

    [Fact]
    public async Task Provision_searches_by_name_then_creates_a_paused_campaign_named_with_the_key()
    {
        stub.Search([]);
        stub.Create("777");
        long before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        PlatformCampaign campaign = await stub.Adapter().ProvisionAsync(Request("key-1"), CancellationToken.None);

        Assert.Equal(("777", "c1", "v1", CampaignStatus.Paused, 1234L, "minor_units", "EUR", 12.34m), (campaign.PlatformCampaignId, campaign.CampaignId, campaign.VentureId, campaign.Status, campaign.BudgetInPlatformUnits, campaign.BudgetUnit, campaign.Currency, campaign.DailyBudget));
        stub.AssertEveryRequestHasLinkedInsHeaders();
        string tag = Tag("key-1");
        Assert.Equal(
            $"q=search&search=(name:(values:List(Spring%20launch%20%C2%B7%20v1%2Fc1%20%C2%B7%20{tag})))",
            RawQuery(Assert.Single(stub.RequestsTo("GET", Campaigns))));
        var create = Assert.Single(stub.RequestsTo("POST", Campaigns));
        Assert.Null(Header(create, "X-RestLi-Method"));
        JsonObject body = Body(create).AsObject();
        long start = body["runSchedule"]!["start"]!.GetValue<long>();
        Assert.InRange(start, before, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        body["runSchedule"]!.AsObject().Remove("start");
        AssertJson(
            $$$"""
            {"account":"urn:li:sponsoredAccount:{{{Account}}}","campaignGroup":"urn:li:sponsoredCampaignGroup:{{{Group}}}",
             "name":"Spring launch · v1/c1 · {{{tag}}}","status":"PAUSED","type":"SPONSORED_UPDATES","objectiveType":"WEBSITE_VISIT",
             "costType":"CPC","optimizationTargetType":"MAX_CLICK","creativeSelection":"ROUND_ROBIN",
             "dailyBudget":{"amount":"12.34","currencyCode":"EUR"},"locale":{"country":"DE","language":"de"},"runSchedule":{},
             "targetingCriteria":{"include":{"and":[{"or":{"urn:li:adTargetingFacet:locations":["urn:li:geo:101282230","urn:li:geo:106693272"]}}]}},
             "offsiteDeliveryEnabled":false,"audienceExpansionEnabled":false,"politicalIntent":"NOT_POLITICAL"}
            """,
            body);
    }

    [Theory]
    [InlineData("JPY", "1500", "1500", 1500L)]
    [InlineData("KWD", "12.3456", "12.345", 12345L)]
    public async Task Provision_writes_the_budget_with_the_currencys_own_decimals(string currency, string amount, string sent, long units)
    {
        stub.Search([]);
        stub.Create("777");

        PlatformCampaign campaign = await stub.Adapter().ProvisionAsync(Request("key-2", decimal.Parse(amount, CultureInfo.InvariantCulture), currency), CancellationToken.None);

        AssertJson($$"""{"amount":"{{sent}}","currencyCode":"{{currency}}"}""", Body(Assert.Single(stub.RequestsTo("POST", Campaigns)))["dailyBudget"]!);
        Assert.Equal(units, campaign.BudgetInPlatformUnits);
    }

    [Fact]
    public async Task A_long_name_is_shortened_to_LinkedIns_255_bytes_keeping_the_ids_and_the_key()
    {
        stub.Search([]);
        stub.Create("777");
        var request = new ProvisionRequest("key-long", "v1", "c1", new string('ü', 200), 20m, "EUR", "healthy");

        await stub.Adapter().ProvisionAsync(request, CancellationToken.None);

        string name = Body(Assert.Single(stub.RequestsTo("POST", Campaigns)))["name"]!.ToString();
        Assert.InRange(Encoding.UTF8.GetByteCount(name), 250, 255);
        Assert.EndsWith($"ü · v1/c1 · {Tag("key-long")}", name, StringComparison.Ordinal);
        Assert.Contains(Uri.EscapeDataString(name), RawQuery(Assert.Single(stub.RequestsTo("GET", Campaigns))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Provision_returns_the_campaign_the_same_key_created_before_and_creates_nothing()
    {
        string name = $"Spring launch · v1/c1 · {Tag("key-3")}";
        stub.Search([CampaignJson("777", $"{name} (copy)", "PAUSED", "12.34"), CampaignJson("778", name, "REMOVED", "12.34"), CampaignJson("779", name, "PAUSED", "12.34")]);

        PlatformCampaign campaign = await stub.Adapter().ProvisionAsync(Request("key-3"), CancellationToken.None);

        Assert.Equal(("779", "v1", "c1", CampaignStatus.Paused, 12.34m), (campaign.PlatformCampaignId, campaign.VentureId, campaign.CampaignId, campaign.Status, campaign.DailyBudget));
        Assert.Empty(stub.RequestsTo("POST", Campaigns));
    }

    [Theory]
    [InlineData("USD", "10", true)]
    [InlineData("USD", "9.99", false)]
    [InlineData("EUR", "5", true)]
    [InlineData("EUR", "0", false)]
    public async Task A_budget_is_validated_against_linkedins_documented_minimum_without_a_call(string currency, string amount, bool taken)
    {
        IChannelAdapter linkedIn = stub.Adapter();
        Task validation = linkedIn.ValidateDailyBudgetAsync("777", decimal.Parse(amount, CultureInfo.InvariantCulture), currency, CancellationToken.None);

        if (taken)
        {
            await validation;
        }
        else
        {
            Assert.Contains("under LinkedIn's minimum", (await Assert.ThrowsAsync<ChannelRefusedException>(() => validation)).Message, StringComparison.Ordinal);
        }

        Assert.Empty(stub.Requests);
    }

    [Theory]
    [InlineData("EUR", "12.34", "12.34", 1234L)]
    [InlineData("EUR", "10.129", "10.12", 1012L)]
    [InlineData("JPY", "1500", "1500", 1500L)]
    [InlineData("KWD", "12.3456", "12.345", 12345L)]
    [InlineData("BHD", "0.005", "0.005", 5L)]
    public async Task Budget_is_a_partial_update_of_dailyBudget_in_major_units_with_the_currencys_decimals(string currency, string amount, string sent, long units)
    {
        stub.Update("777");
        stub.Campaign(CampaignJson("777", $"Spring launch · v1/c1 · {Tag("k")}", "ACTIVE", sent, currency));
        stub.Creatives();

        PlatformCampaign campaign = await stub.Adapter().SetDailyBudgetAsync("777", decimal.Parse(amount, CultureInfo.InvariantCulture), currency, CancellationToken.None);

        stub.AssertEveryRequestHasLinkedInsHeaders();
        AssertPatch(Assert.Single(stub.RequestsTo("POST", $"{Campaigns}/777")), $$$"""{"dailyBudget":{"amount":"{{{sent}}}","currencyCode":"{{{currency}}}"}}""");
        Assert.Equal((units, "minor_units", currency, CampaignStatus.Active), (campaign.BudgetInPlatformUnits, campaign.BudgetUnit, campaign.Currency, campaign.Status));
    }

    [Theory]
    [InlineData(false, "PAUSED", CampaignStatus.Paused)]
    [InlineData(true, "ACTIVE", CampaignStatus.Active)]
    public async Task Pause_and_resume_are_partial_updates_of_the_status_then_a_read(bool resume, string status, CampaignStatus expected)
    {
        stub.Update("777");
        stub.Campaign(CampaignJson("777", $"Spring launch · v1/c1 · {Tag("k")}", status, "100.00"));
        stub.Creatives(CreativeJson("91", "777", "ACTIVE", "Launch ad"));
        IChannelAdapter linkedIn = stub.Adapter();

        PlatformCampaign campaign = resume ? await linkedIn.ResumeAsync("777", CancellationToken.None) : await linkedIn.PauseAsync("777", CancellationToken.None);

        stub.AssertEveryRequestHasLinkedInsHeaders();
        AssertPatch(Assert.Single(stub.RequestsTo("POST", $"{Campaigns}/777")), $$"""{"status":"{{status}}"}""");
        Assert.Single(stub.RequestsTo("GET", $"{Campaigns}/777"));
        Assert.Equal("q=criteria&campaigns=List(urn%3Ali%3AsponsoredCampaign%3A777)&pageSize=100", RawQuery(Assert.Single(stub.RequestsTo("GET", $"{Root}/creatives"))));
        Assert.Equal((expected, "v1", "c1", 100m, CreativeSplit.Launch), (campaign.Status, campaign.VentureId, campaign.CampaignId, campaign.DailyBudget, campaign.Creatives));
    }

    [Fact]
    public async Task Metrics_are_read_from_adAnalytics_since_the_campaigns_creation_day_in_restli_encoding()
    {
        stub.Campaign(CampaignJson("777", "x", "ACTIVE", "50.00"));
        stub.Creatives(CreativeJson("91", "777", "ACTIVE", "Launch ad"), CreativeJson("92", "777", "PAUSED", "Launch ad, square"));
        stub.Analytics("CAMPAIGN", new JsonObject
        {
            ["impressions"] = 1200, ["clicks"] = 85, ["costInLocalCurrency"] = "43.2100004", ["externalWebsiteConversions"] = 7, ["oneClickLeads"] = 3, ["conversionValueInLocalCurrency"] = "512.3",
            ["pivotValues"] = new JsonArray("urn:li:sponsoredCampaign:777"),
        });

        ChannelMetrics read = await stub.Adapter().ReadMetricsAsync("777", CancellationToken.None);

        stub.AssertEveryRequestHasLinkedInsHeaders();
        Assert.Equal(
            "q=analytics&pivot=CAMPAIGN&timeGranularity=ALL&dateRange=(start:(year:2025,month:11,day:3))&campaigns=List(urn%3Ali%3AsponsoredCampaign%3A777)"
                + "&fields=impressions,clicks,costInLocalCurrency,externalWebsiteConversions,oneClickLeads,conversionValueInLocalCurrency",
            RawQuery(Assert.Single(stub.RequestsTo("GET", "/rest/adAnalytics"))));
        Assert.Equal((1200L, 85L, 3L, 7L, 43.2100004m, 512.3m, (ChannelMetrics?)null), (read.Impressions, read.Clicks, read.Leads, read.Conversions, read.Spend, read.ConversionValue, read.Candidate));
    }

    [Fact]
    public async Task Metrics_read_the_newest_content_generations_creatives_apart_as_the_candidates()
    {
        stub.Campaign(CampaignJson("777", "x", "ACTIVE", "50.00"));
        stub.Creatives(CreativeJson("91", "777", "ACTIVE", "Launch ad"), CreativeJson("92", "777", "ACTIVE", "Spring gtm-gen-2"), CreativeJson("93", "777", "PAUSED", "Spring gtm-gen-2 square"), CreativeJson("94", "777", "ARCHIVED", "old gtm-gen-3"));
        var row = new JsonObject { ["impressions"] = 1000, ["clicks"] = 50, ["costInLocalCurrency"] = "40", ["externalWebsiteConversions"] = 4, ["oneClickLeads"] = 2, ["conversionValueInLocalCurrency"] = "100" };
        stub.Analytics("CAMPAIGN", row);
        stub.Analytics("CREATIVE", new JsonObject { ["impressions"] = 300, ["clicks"] = 20, ["costInLocalCurrency"] = "12.5" }, new JsonObject { ["impressions"] = 10, ["clicks"] = 1, ["costInLocalCurrency"] = "0.5", ["oneClickLeads"] = 1 });

        ChannelMetrics read = await stub.Adapter().ReadMetricsAsync("777", CancellationToken.None);

        var creative = Assert.Single(stub.Requests, e => e.RequestMessage.Path == "/rest/adAnalytics" && RawQuery(e).Contains("pivot=CREATIVE", StringComparison.Ordinal));
        Assert.Equal(
            "q=analytics&pivot=CREATIVE&timeGranularity=ALL&dateRange=(start:(year:2025,month:11,day:3))&creatives=List(urn%3Ali%3AsponsoredCreative%3A92,urn%3Ali%3AsponsoredCreative%3A93)"
                + "&fields=impressions,clicks,costInLocalCurrency,externalWebsiteConversions,oneClickLeads,conversionValueInLocalCurrency",
            RawQuery(creative));
        Assert.Equal(1000L, read.Impressions);
        Assert.Equal((310L, 21L, 1L, 0L, 13m), (read.Candidate!.Impressions, read.Candidate.Clicks, read.Candidate.Leads, read.Candidate.Conversions, read.Candidate.Spend));
    }

    [Fact]
    public async Task A_campaign_id_that_is_not_a_number_is_refused_without_a_call()
    {
        await Assert.ThrowsAsync<ChannelRefusedException>(() => stub.Adapter().ReadMetricsAsync("777/../1", CancellationToken.None));
        Assert.Empty(stub.Requests);
    }
}
