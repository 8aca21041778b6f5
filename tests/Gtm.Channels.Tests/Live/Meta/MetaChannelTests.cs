using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using static Gtm.Channels.Tests.Live.Meta.MetaStub;

namespace Gtm.Channels.Tests.Live.Meta;

/// <summary>The live Meta adapter against a stub that checks each request it is sent.</summary>
public sealed class MetaChannelTests : IDisposable
{
    private readonly MetaStub stub = new();

    public void Dispose() => stub.Dispose();

    internal static string Tag(string key) => "gtm-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];

    private static ProvisionRequest Request(string key, decimal budget = 12.34m, string currency = "EUR") => new(key, "v1", "c1", "Spring launch", budget, currency, "healthy");

    private void Created(string id) =>
        stub.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath($"{AccountPath}/campaigns").UsingPost()).RespondWith(Json(new JsonObject { ["id"] = id }));

    [Theory]
    [InlineData("EUR", "12.34", "1234")]
    [InlineData("JPY", "1500", "1500")]
    [InlineData("KRW", "70000.9", "70000")]
    public async Task Provision_looks_the_key_up_then_creates_a_paused_campaign_with_its_daily_budget_in_minor_units(string currency, string amount, string minor)
    {
        stub.CampaignList([]);
        stub.AccountCurrency(currency);
        Created("120210000000000001");
        decimal budget = decimal.Parse(amount, CultureInfo.InvariantCulture);

        PlatformCampaign campaign = await stub.Adapter().ProvisionAsync(Request("key-1", budget, currency), CancellationToken.None);

        stub.AssertEveryRequestIsAuthenticated();
        string tag = Tag("key-1");
        var lookup = Assert.Single(stub.RequestsTo("GET", $"{AccountPath}/campaigns"));
        AssertFields(new() { ["fields"] = "id,name,status,daily_budget", ["filtering"] = $$"""[{"field":"name","operator":"CONTAIN","value":"{{tag}}"}]""" }, Query(lookup));
        AssertFields(new() { ["fields"] = "currency" }, Query(Assert.Single(stub.RequestsTo("GET", AccountPath))));
        var create = Assert.Single(stub.RequestsTo("POST", $"{AccountPath}/campaigns"));
        AssertFields(
            new()
            {
                ["name"] = $"Spring launch · v1/c1 · {tag}",
                ["objective"] = "OUTCOME_TRAFFIC",
                ["status"] = "PAUSED",
                ["special_ad_categories"] = "[]",
                ["daily_budget"] = minor,
            },
            Form(create));
        Assert.True(lookup.RequestMessage.DateTime <= create.RequestMessage.DateTime, "the lookup came after the create");
        Assert.Equal(3, stub.Requests.Count);
        Assert.Equal(
            ("120210000000000001", "c1", "v1", CampaignStatus.Paused, long.Parse(minor, CultureInfo.InvariantCulture), "minor_units", currency),
            (campaign.PlatformCampaignId, campaign.CampaignId, campaign.VentureId, campaign.Status, campaign.BudgetInPlatformUnits, campaign.BudgetUnit, campaign.Currency));
    }

    [Fact]
    public async Task Provision_with_a_key_already_used_returns_that_campaign_without_creating_another()
    {
        string tag = Tag("key-2");
        stub.CampaignList([CampaignNode("120210000000000005", "Someone quoting " + tag + " elsewhere", "PAUSED", 100), CampaignNode("120210000000000007", $"Spring launch · v1/c1 · {tag}", "PAUSED", 1234)]);
        stub.AccountCurrency("EUR");

        PlatformCampaign campaign = await stub.Adapter().ProvisionAsync(Request("key-2"), CancellationToken.None);

        Assert.Equal(("120210000000000007", "v1", "c1", 12.34m), (campaign.PlatformCampaignId, campaign.VentureId, campaign.CampaignId, campaign.DailyBudget));
        Assert.Empty(stub.RequestsTo("POST", $"{AccountPath}/campaigns"));
    }

    [Fact]
    public async Task Provision_in_a_currency_the_account_does_not_spend_is_refused_before_anything_is_created()
    {
        stub.CampaignList([]);
        stub.AccountCurrency("JPY");

        var refused = await Assert.ThrowsAsync<ChannelRefusedException>(() => stub.Adapter().ProvisionAsync(Request("key-3"), CancellationToken.None));

        Assert.Contains("JPY, not EUR", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(stub.Requests, r => r.RequestMessage.Method == "POST");
    }

    [Theory]
    [InlineData("EUR", "12.34", 1234L)]
    [InlineData("JPY", "1500", 1500L)]
    [InlineData("KWD", "12.3456", 12345L)]
    public async Task Budget_posts_daily_budget_in_minor_units_to_the_campaign(string currency, string amount, long minor)
    {
        stub.AccountCurrency(currency);
        stub.Update("777");
        stub.Campaign("777", "Spring launch · v1/c1 · gtm-0123456789abcdef", "ACTIVE", minor);

        PlatformCampaign campaign = await stub.Adapter().SetDailyBudgetAsync("777", decimal.Parse(amount, CultureInfo.InvariantCulture), currency, CancellationToken.None);

        stub.AssertEveryRequestIsAuthenticated();
        AssertFields(new() { ["daily_budget"] = minor.ToString(CultureInfo.InvariantCulture) }, Form(Assert.Single(stub.RequestsTo("POST", $"{Graph}/777"))));
        AssertFields(new() { ["fields"] = "id,name,status,daily_budget" }, Query(Assert.Single(stub.RequestsTo("GET", $"{Graph}/777"))));
        Assert.Equal((minor, "minor_units", currency, CampaignStatus.Active), (campaign.BudgetInPlatformUnits, campaign.BudgetUnit, campaign.Currency, campaign.Status));
        Assert.Equal(CurrencyUnits.FromMinorUnits(minor, currency), campaign.DailyBudget);
    }

    [Fact]
    public async Task A_budget_is_validated_with_validate_only_and_nothing_is_read_back()
    {
        stub.AccountCurrency("EUR");
        stub.Update("777");

        await stub.Adapter().ValidateDailyBudgetAsync("777", 12.34m, "EUR", CancellationToken.None);

        stub.AssertEveryRequestIsAuthenticated();
        AssertFields(new() { ["daily_budget"] = "1234", ["execution_options"] = "[\"validate_only\"]" }, Form(Assert.Single(stub.RequestsTo("POST", $"{Graph}/777"))));
        Assert.Empty(stub.RequestsTo("GET", $"{Graph}/777"));
    }

    [Theory]
    [InlineData(false, "PAUSED", CampaignStatus.Paused)]
    [InlineData(true, "ACTIVE", CampaignStatus.Active)]
    public async Task Pause_and_resume_post_the_status_to_the_campaign_then_read_it_back(bool resume, string status, CampaignStatus expected)
    {
        stub.AccountCurrency("EUR");
        stub.Update("777");
        stub.Campaign("777", "Spring launch · v1/c1 · gtm-0123456789abcdef", status, 10_000);
        IChannelAdapter meta = stub.Adapter();

        PlatformCampaign campaign = resume ? await meta.ResumeAsync("777", CancellationToken.None) : await meta.PauseAsync("777", CancellationToken.None);

        stub.AssertEveryRequestIsAuthenticated();
        var update = Assert.Single(stub.RequestsTo("POST", $"{Graph}/777"));
        AssertFields(new() { ["status"] = status }, Form(update));
        Assert.True(update.RequestMessage.DateTime <= stub.RequestsTo("GET", $"{Graph}/777")[0].RequestMessage.DateTime, "the read came before the change");
        Assert.Equal((expected, "v1", "c1", 100m, "EUR"), (campaign.Status, campaign.VentureId, campaign.CampaignId, campaign.DailyBudget, campaign.Currency));
    }

    [Fact]
    public async Task Get_reads_the_campaigns_fields_and_the_account_currency_once()
    {
        stub.AccountCurrency("JPY");
        stub.Campaign("777", "Spring launch · v1/c1 · gtm-0123456789abcdef", "PAUSED", 1500);
        IChannelAdapter meta = stub.Adapter();

        await meta.GetAsync("777", CancellationToken.None);
        PlatformCampaign campaign = await meta.GetAsync("777", CancellationToken.None);

        stub.AssertEveryRequestIsAuthenticated();
        Assert.Equal(2, stub.RequestsTo("GET", $"{Graph}/777").Count);
        Assert.Single(stub.RequestsTo("GET", AccountPath));
        Assert.Equal((1500L, 1500m, "JPY", CampaignStatus.Paused), (campaign.BudgetInPlatformUnits, campaign.DailyBudget, campaign.Currency, campaign.Status));
    }

    [Fact]
    public async Task Metrics_come_from_insights_with_leads_and_purchases_from_actions_and_their_value_from_action_values()
    {
        var row = JsonNode.Parse("""
            {"spend":"43.21","impressions":"1200","clicks":"85",
             "actions":[{"action_type":"link_click","value":"85"},{"action_type":"lead","value":"9"},
                        {"action_type":"offsite_conversion.fb_pixel_lead","value":"4"},
                        {"action_type":"omni_purchase","value":"7"},{"action_type":"purchase","value":"7"},
                        {"action_type":"offsite_conversion.fb_pixel_purchase","value":"6"}],
             "action_values":[{"action_type":"omni_purchase","value":"512.30"},{"action_type":"purchase","value":"512.30"}],
             "purchase_roas":[{"action_type":"omni_purchase","value":"11.856051"}],
             "date_start":"2026-01-05","date_stop":"2026-02-01"}
            """)!;
        stub.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath($"{Graph}/777/insights").UsingGet())
            .RespondWith(Json(new JsonObject { ["data"] = new JsonArray(row), ["paging"] = new JsonObject() }));
        stub.Ads("777", Ad("91", "Launch ad", "ACTIVE"));

        ChannelMetrics read = await stub.Adapter().ReadMetricsAsync("777", CancellationToken.None);

        stub.AssertEveryRequestIsAuthenticated();
        AssertFields(
            new() { ["fields"] = "spend,impressions,clicks,actions,action_values,purchase_roas", ["date_preset"] = "maximum" },
            Query(Assert.Single(stub.RequestsTo("GET", $"{Graph}/777/insights"))));
        Assert.Null(read.Candidate);
        Assert.Equal((1200L, 85L, 9L, 7L, 43.21m, 512.30m), (read.Impressions, read.Clicks, read.Leads, read.Conversions, read.Spend, read.ConversionValue));
    }

    [Fact]
    public async Task Metrics_take_the_value_from_purchase_roas_when_there_are_no_action_values_and_zero_without_delivery()
    {
        var row = JsonNode.Parse("""{"spend":"20.00","impressions":"10","clicks":"1","actions":[{"action_type":"purchase","value":"1"}],"purchase_roas":[{"action_type":"omni_purchase","value":"2.5"}]}""")!;
        stub.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath($"{Graph}/777/insights").UsingGet())
            .RespondWith(Json(new JsonObject { ["data"] = new JsonArray(row) }));
        stub.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath($"{Graph}/778/insights").UsingGet())
            .RespondWith(Json(new JsonObject { ["data"] = new JsonArray() }));
        stub.Ads("777");
        stub.Ads("778");
        IChannelAdapter meta = stub.Adapter();

        ChannelMetrics roas = await meta.ReadMetricsAsync("777", CancellationToken.None);
        ChannelMetrics none = await meta.ReadMetricsAsync("778", CancellationToken.None);

        Assert.Equal((1L, 0L, 50.00m), (roas.Conversions, roas.Leads, roas.ConversionValue));
        Assert.Equal((0L, 0L, 0L, 0m), (none.Impressions, none.Clicks, none.Conversions, none.Spend));
    }

    [Fact]
    public async Task A_campaign_id_that_is_not_a_graph_id_is_refused_without_a_call()
    {
        await Assert.ThrowsAsync<ChannelRefusedException>(() => stub.Adapter().PauseAsync("act_1/campaigns", CancellationToken.None));
        Assert.Empty(stub.Requests);
    }
}
