using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Gtm.Channels;
using static Gtm.Channels.Tests.Live.GoogleAds.GoogleAdsStub;

namespace Gtm.Channels.Tests.Live.GoogleAds;

/// <summary>The live Google Ads adapter against a stub that checks each request it is sent.</summary>
public sealed class GoogleAdsChannelTests : IDisposable
{
    private const string CampaignFields = "campaign.id, campaign.name, campaign.status, campaign_budget.resource_name, campaign_budget.amount_micros, customer.currency_code";
    private readonly GoogleAdsStub stub = new();

    public void Dispose() => stub.Dispose();

    private static string Tag(string key) => "gtm-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];

    private static ProvisionRequest Request(string key) => new(key, "v1", "c1", "Spring launch", 100.50m, "EUR", "healthy");

    [Fact]
    public async Task Provision_creates_a_budget_in_micros_and_a_paused_campaign_named_with_the_key()
    {
        stub.Search("FROM campaign WHERE campaign.name LIKE", []);
        stub.Search("FROM customer", [new JsonObject { ["customer"] = new JsonObject { ["currencyCode"] = "EUR" } }]);
        stub.Mutate("campaignBudgets", $"customers/{Customer}/campaignBudgets/55");
        stub.Mutate("campaigns", $"customers/{Customer}/campaigns/777");

        PlatformCampaign campaign = await stub.Adapter().ProvisionAsync(Request("key-1"), CancellationToken.None);

        Assert.Equal(("777", "c1", "v1", CampaignStatus.Paused, 100_500_000L, "micros", 100.50m), (campaign.PlatformCampaignId, campaign.CampaignId, campaign.VentureId, campaign.Status, campaign.BudgetInPlatformUnits, campaign.BudgetUnit, campaign.DailyBudget));
        stub.AssertEveryRequestIsAuthenticated();
        string tag = Tag("key-1");
        Assert.Equal(
            [$"SELECT {CampaignFields} FROM campaign WHERE campaign.name LIKE '%{tag}' AND campaign.status != 'REMOVED'", "SELECT customer.currency_code FROM customer"],
            stub.RequestsTo("googleAds:searchStream").Select(Query));
        AssertJson(
            $$$"""{"operations":[{"create":{"name":"{{{tag}}} daily budget","amountMicros":"100500000","deliveryMethod":"STANDARD","explicitlyShared":false}}]}""",
            Body(Assert.Single(stub.RequestsTo("campaignBudgets:mutate"))));
        AssertJson(
            $$$"""
            {"operations":[{"create":{"name":"Spring launch · v1/c1 · {{{tag}}}","status":"PAUSED","advertisingChannelType":"SEARCH",
              "campaignBudget":"customers/{{{Customer}}}/campaignBudgets/55","manualCpc":{},
              "networkSettings":{"targetGoogleSearch":true,"targetSearchNetwork":true,"targetContentNetwork":false},
              "containsEuPoliticalAdvertising":"DOES_NOT_CONTAIN_EU_POLITICAL_ADVERTISING"}}]}
            """,
            Body(Assert.Single(stub.RequestsTo("campaigns:mutate"))));
    }

    [Fact]
    public async Task Provision_in_a_currency_the_account_does_not_spend_is_refused_before_anything_is_created()
    {
        stub.Search("FROM campaign WHERE campaign.name LIKE", []);
        stub.Search("FROM customer", [new JsonObject { ["customer"] = new JsonObject { ["currencyCode"] = "JPY" } }]);

        var refused = await Assert.ThrowsAsync<ChannelRefusedException>(() => stub.Adapter().ProvisionAsync(Request("key-2"), CancellationToken.None));

        Assert.Contains("JPY, not EUR", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(stub.Requests, r => r.RequestMessage.Path!.EndsWith(":mutate", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("EUR", "10.129", "10120000")]
    [InlineData("JPY", "5000.4", "5000000000")]
    [InlineData("KRW", "70000", "70000000000")]
    [InlineData("KWD", "12.3456", "12345000")]
    [InlineData("BHD", "0.005", "5000")]
    public async Task Budget_updates_amountMicros_with_an_update_mask_in_whole_minor_units(string currency, string amount, string micros)
    {
        stub.Search("campaign.id = 777", [CampaignRow("777", "x", "ENABLED", 1_000_000, currency)]);
        stub.Mutate("campaignBudgets", $"customers/{Customer}/campaignBudgets/55");

        PlatformCampaign campaign = await stub.Adapter().SetDailyBudgetAsync("777", decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency, CancellationToken.None);

        stub.AssertEveryRequestIsAuthenticated();
        Assert.Equal($"SELECT {CampaignFields} FROM campaign WHERE campaign.id = 777", Query(stub.RequestsTo("googleAds:searchStream")[0]));
        AssertJson(
            $$$"""{"operations":[{"update":{"resourceName":"customers/{{{Customer}}}/campaignBudgets/55","amountMicros":"{{{micros}}}"},"updateMask":"amountMicros"}]}""",
            Body(Assert.Single(stub.RequestsTo("campaignBudgets:mutate"))));
        Assert.Equal(long.Parse(micros, System.Globalization.CultureInfo.InvariantCulture), campaign.BudgetInPlatformUnits);
    }

    [Fact]
    public async Task A_budget_is_validated_with_validateOnly_and_a_refusal_names_googles_reason()
    {
        stub.Search("campaign.id = 777", [CampaignRow("777", "x", "ENABLED", 1_000_000)]);
        stub.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath($"{Root}/campaignBudgets:mutate").UsingPost().WithBody(b => b!.Contains("\"amountMicros\":\"0\"", StringComparison.Ordinal)))
            .RespondWith(Json(Failure(400, "INVALID_ARGUMENT", "campaignBudgetError", "MONEY_AMOUNT_LESS_THAN_CURRENCY_MINIMUM_CPC", "under the currency's minimum"), 400));
        stub.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath($"{Root}/campaignBudgets:mutate").UsingPost().WithBody(b => !b!.Contains("\"amountMicros\":\"0\"", StringComparison.Ordinal)))
            .RespondWith(Json(new System.Text.Json.Nodes.JsonObject()));
        IChannelAdapter google = stub.Adapter();

        await google.ValidateDailyBudgetAsync("777", 12.5m, "EUR", CancellationToken.None);
        ChannelRefusedException refused = await Assert.ThrowsAsync<ChannelRefusedException>(() => google.ValidateDailyBudgetAsync("777", 0m, "EUR", CancellationToken.None));

        stub.AssertEveryRequestIsAuthenticated();
        AssertJson(
            $$$"""{"operations":[{"update":{"resourceName":"customers/{{{Customer}}}/campaignBudgets/55","amountMicros":"12500000"},"updateMask":"amountMicros"}],"validateOnly":true}""",
            Body(stub.RequestsTo("campaignBudgets:mutate")[0]));
        Assert.Contains("MONEY_AMOUNT_LESS_THAN_CURRENCY_MINIMUM_CPC", refused.Message, StringComparison.Ordinal);
        Assert.Equal(2, stub.RequestsTo("campaignBudgets:mutate").Count);
        await Assert.ThrowsAsync<ChannelRefusedException>(() => google.ValidateDailyBudgetAsync("777", 12.5m, "USD", CancellationToken.None));
        Assert.Equal(2, stub.RequestsTo("campaignBudgets:mutate").Count);
    }

    [Theory]
    [InlineData(false, "PAUSED", CampaignStatus.Paused)]
    [InlineData(true, "ENABLED", CampaignStatus.Active)]
    public async Task Pause_and_resume_update_the_status_with_an_update_mask(bool resume, string status, CampaignStatus expected)
    {
        stub.Mutate("campaigns", $"customers/{Customer}/campaigns/777");
        stub.Search("campaign.id = 777", [CampaignRow("777", "Spring launch · v1/c1 · gtm-0123456789abcdef", status, 100_000_000)]);
        IChannelAdapter google = stub.Adapter();

        PlatformCampaign campaign = resume ? await google.ResumeAsync("777", CancellationToken.None) : await google.PauseAsync("777", CancellationToken.None);

        stub.AssertEveryRequestIsAuthenticated();
        AssertJson(
            $$$"""{"operations":[{"update":{"resourceName":"customers/{{{Customer}}}/campaigns/777","status":"{{{status}}}"},"updateMask":"status"}]}""",
            Body(Assert.Single(stub.RequestsTo("campaigns:mutate"))));
        Assert.Equal((expected, "v1", "c1", 100m), (campaign.Status, campaign.VentureId, campaign.CampaignId, campaign.DailyBudget));
    }

    [Fact]
    public async Task Metrics_are_read_by_gaql_through_searchStream_with_cost_in_micros()
    {
        var metrics = new JsonObject { ["impressions"] = "1200", ["clicks"] = "85", ["conversions"] = 7.6, ["costMicros"] = "43210000", ["conversionsValue"] = 512.3 };
        stub.Search("FROM campaign WHERE campaign.id = 777", [new JsonObject { ["campaign"] = new JsonObject { ["id"] = "777" }, ["metrics"] = metrics }]);
        stub.Search("FROM ad_group_ad WHERE campaign.id = 777", []);

        ChannelMetrics read = await stub.Adapter().ReadMetricsAsync("777", CancellationToken.None);

        stub.AssertEveryRequestIsAuthenticated();
        Assert.Equal(
            "SELECT metrics.impressions, metrics.clicks, metrics.conversions, metrics.cost_micros, metrics.conversions_value FROM campaign WHERE campaign.id = 777",
            Query(stub.Requests[0]));
        Assert.Equal(2, stub.Requests.Count);
        Assert.Null(read.Candidate);
        Assert.Equal((1200L, 85L, 7L, 43.21m, 512.3m), (read.Impressions, read.Clicks, read.Conversions, read.Spend, read.ConversionValue));
    }

    [Fact]
    public async Task A_campaign_id_that_is_not_a_number_is_refused_without_a_call()
    {
        await Assert.ThrowsAsync<ChannelRefusedException>(() => stub.Adapter().ReadMetricsAsync("1 OR 1=1", CancellationToken.None));
        Assert.Empty(stub.Requests);
    }
}
