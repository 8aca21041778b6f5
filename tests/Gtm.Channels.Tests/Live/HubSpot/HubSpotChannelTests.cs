using System.Globalization;
using System.Text.Json.Nodes;
using Gtm.Channels;
using Microsoft.Extensions.Time.Testing;
using static Gtm.Channels.Tests.Live.HubSpot.HubSpotStub;

namespace Gtm.Channels.Tests.Live.HubSpot;

/// <summary>The live HubSpot adapter's campaign calls against a stub that checks each request it is sent.</summary>
public sealed class HubSpotChannelTests : IDisposable
{
    private readonly HubSpotStub stub = new();

    public void Dispose() => stub.Dispose();

    private static ProvisionRequest Request(string key) => new(key, "v1", "c1", "Spring launch", 100.50m, "EUR", "healthy");

    [Fact]
    public async Task Provision_creates_a_draft_email_and_a_disabled_workflow_named_with_the_key()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        string tag = Tag("key-1");
        string name = $"Spring launch · v1/c1 · {tag}";
        stub.Answer("GET", Emails, new JsonObject { ["results"] = new JsonArray() });
        stub.Answer("POST", Emails, Email(false, name: name, subject: "Spring launch"), 201);
        stub.Answer("POST", Flows, new JsonObject { ["id"] = FlowId, ["revisionId"] = "1", ["isEnabled"] = false }, 201);

        PlatformCampaign campaign = await stub.Adapter(time: time).ProvisionAsync(Request("key-1"), CancellationToken.None);

        Assert.Equal(
            (CampaignId, "c1", "v1", CampaignStatus.Paused, 10_050L, "recorded_minor_units", "EUR", 100.50m, CreativeSplit.Launch),
            (campaign.PlatformCampaignId, campaign.CampaignId, campaign.VentureId, campaign.Status, campaign.BudgetInPlatformUnits, campaign.BudgetUnit, campaign.Currency, campaign.DailyBudget, campaign.Creatives));
        stub.AssertEveryRequestIsAuthenticated();
        Assert.Equal([$"GET {Emails}", $"POST {Emails}", $"POST {Flows}"], stub.Calls());
        var lookup = stub.Requests[0];
        Assert.Equal(("2025-05-25T12:00:00.000Z", "-createdAt", "100"), (Query(lookup, "createdAfter"), Query(lookup, "sort"), Query(lookup, "limit")));
        AssertJson(
            new JsonObject { ["name"] = name, ["subject"] = "Spring launch", ["subcategory"] = "automated", ["state"] = "AUTOMATED_DRAFT" },
            Body(stub.Requests[1]));
        JsonObject state = State();
        state["gtm_tag"] = tag;
        AssertJson(NewFlow(name, state), Body(stub.Requests[2]));
    }

    [Fact]
    public async Task Provision_again_with_the_same_key_returns_the_campaign_it_made()
    {
        string tag = Tag("key-2");
        string name = $"Spring launch · v1/c1 · {tag}";
        JsonObject state = State();
        state["gtm_tag"] = tag;
        stub.Answer("GET", Emails, new JsonObject { ["results"] = new JsonArray(Email(false, name: name)) });
        // HubSpot lists workflows a page at a time: the campaign's is on the second.
        stub.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(Flows).UsingGet().WithParam("after", "page-2"))
            .AtPriority(1)
            .RespondWith(Json(new JsonObject { ["results"] = new JsonArray(new JsonObject { ["id"] = FlowId, ["name"] = name, ["isEnabled"] = false }) }));
        stub.Answer("GET", Flows, new JsonObject
        {
            ["results"] = new JsonArray(new JsonObject { ["id"] = "42", ["name"] = "Someone else's workflow", ["isEnabled"] = true }),
            ["paging"] = new JsonObject { ["next"] = new JsonObject { ["after"] = "page-2" } },
        });
        stub.Campaign(Flow(false, state, name), Email(false, name: name));

        PlatformCampaign campaign = await stub.Adapter().ProvisionAsync(Request("key-2"), CancellationToken.None);

        Assert.Equal((CampaignId, CampaignStatus.Paused, 100.50m), (campaign.PlatformCampaignId, campaign.Status, campaign.DailyBudget));
        Assert.Equal([$"GET {Emails}", $"GET {Flows}", $"GET {Flows}", $"GET {Flows}/{FlowId}", $"GET {Emails}/{EmailId}"], stub.Calls());
        Assert.Equal("page-2", Query(stub.Requests[2], "after"));
        stub.AssertEveryRequestIsAuthenticated();
    }

    [Theory]
    [InlineData("EUR", "10.129", 1012)]
    [InlineData("EUR", "0", 0)]
    [InlineData("JPY", "5000.4", 5000)]
    [InlineData("KWD", "12.3456", 12345)]
    public async Task Budget_is_recorded_in_the_workflow_in_whole_minor_units(string currency, string amount, long minorUnits)
    {
        stub.Campaign(Flow(true, State(currency: currency)), Email(true));
        stub.Writes();

        PlatformCampaign campaign = await stub.Adapter().SetDailyBudgetAsync(CampaignId, decimal.Parse(amount, CultureInfo.InvariantCulture), currency, CancellationToken.None);

        Assert.Equal([$"GET {Flows}/{FlowId}", $"GET {Emails}/{EmailId}", $"PUT {Flows}/{FlowId}"], stub.Calls());
        AssertJson(FlowUpdate(true, State(budget: minorUnits, currency: currency)), Body(stub.Requests[2]));
        Assert.Equal((minorUnits, "recorded_minor_units", CampaignStatus.Active), (campaign.BudgetInPlatformUnits, campaign.BudgetUnit, campaign.Status));
        Assert.Equal(CurrencyUnits.FromMinorUnits(minorUnits, currency), campaign.DailyBudget);
        stub.AssertEveryRequestIsAuthenticated();
    }

    [Fact]
    public async Task A_budget_in_another_currency_is_refused_and_nothing_is_written()
    {
        stub.Campaign(Flow(false), Email(false));

        var refused = await Assert.ThrowsAsync<ChannelRefusedException>(() => stub.Adapter().SetDailyBudgetAsync(CampaignId, 10m, "USD", CancellationToken.None));

        Assert.Contains("EUR, not USD", refused.Message, StringComparison.Ordinal);
        Assert.Empty(stub.RequestsTo("PUT", $"{Flows}/{FlowId}"));
    }

    [Fact]
    public async Task Pause_disables_the_workflow_at_its_revision()
    {
        stub.Campaign(Flow(true), Email(true));
        stub.Writes();

        PlatformCampaign campaign = await stub.Adapter().PauseAsync(CampaignId, CancellationToken.None);

        Assert.Equal(CampaignStatus.Paused, campaign.Status);
        AssertJson(FlowUpdate(false, State()), Body(Assert.Single(stub.RequestsTo("PUT", $"{Flows}/{FlowId}"))));
        Assert.Empty(stub.RequestsTo("PATCH", $"{Emails}/{EmailId}"));
        stub.AssertEveryRequestIsAuthenticated();
    }

    [Fact]
    public async Task Pausing_a_paused_campaign_writes_nothing()
    {
        stub.Campaign(Flow(false), Email(true));

        PlatformCampaign campaign = await stub.Adapter().PauseAsync(CampaignId, CancellationToken.None);

        Assert.Equal(CampaignStatus.Paused, campaign.Status);
        Assert.Equal([$"GET {Flows}/{FlowId}", $"GET {Emails}/{EmailId}"], stub.Calls());
    }

    [Fact]
    public async Task Resume_publishes_the_draft_email_then_enables_the_workflow()
    {
        stub.Campaign(Flow(false), Email(false));
        stub.Writes();

        PlatformCampaign campaign = await stub.Adapter().ResumeAsync(CampaignId, CancellationToken.None);

        Assert.Equal(CampaignStatus.Active, campaign.Status);
        Assert.Equal([$"GET {Flows}/{FlowId}", $"GET {Emails}/{EmailId}", $"POST {Emails}/{EmailId}/publish", $"PUT {Flows}/{FlowId}"], stub.Calls());
        Assert.True(string.IsNullOrEmpty(stub.Requests[2].RequestMessage.Body));
        AssertJson(FlowUpdate(true, State()), Body(stub.Requests[3]));
        stub.AssertEveryRequestIsAuthenticated();
    }

    [Fact]
    public async Task Get_reads_the_workflow_and_the_email_and_is_active_only_when_both_are_live()
    {
        stub.Campaign(Flow(true, State(served: """{"subject_line":"b"}""")), Email(false));

        PlatformCampaign campaign = await stub.Adapter().GetAsync(CampaignId, CancellationToken.None);

        Assert.Equal((CampaignStatus.Paused, "v1", "c1", 100.50m, "EUR"), (campaign.Status, campaign.VentureId, campaign.CampaignId, campaign.DailyBudget, campaign.Currency));
        Assert.Equal("b", campaign.Served!["subject_line"]);
        Assert.Equal([$"GET {Flows}/{FlowId}", $"GET {Emails}/{EmailId}"], stub.Calls());
        Assert.Equal(("false", "false"), (Query(stub.Requests[1], "includeStats"), Query(stub.Requests[1], "archived")));
    }

    [Theory]
    [InlineData("5550001")]
    [InlineData("5550001:../../crm")]
    [InlineData("abc:7770001")]
    public async Task An_id_that_is_not_an_email_and_a_workflow_is_refused_without_a_call(string id)
    {
        await Assert.ThrowsAsync<ChannelRefusedException>(() => stub.Adapter().GetAsync(id, CancellationToken.None));
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task An_email_that_is_not_the_workflows_is_refused()
    {
        stub.Campaign(Flow(true), Email(true));

        var refused = await Assert.ThrowsAsync<ChannelRefusedException>(() => stub.Adapter().GetAsync($"999:{FlowId}", CancellationToken.None));

        Assert.Contains($"sends email {EmailId}, not 999", refused.Message, StringComparison.Ordinal);
    }

    private static JsonObject NewFlow(string name, JsonObject state) => new()
    {
        ["type"] = "CONTACT_FLOW",
        ["objectTypeId"] = "0-1",
        ["flowType"] = "WORKFLOW",
        ["name"] = name,
        ["description"] = "Sends the email of campaign v1/c1 to the contacts whose gtm_audience is v1/c1.",
        ["isEnabled"] = false,
        ["startActionId"] = "1",
        ["nextAvailableActionId"] = "2",
        ["actions"] = new JsonArray(new JsonObject
        {
            ["type"] = "SINGLE_CONNECTION",
            ["actionId"] = "1",
            ["actionTypeId"] = "0-4",
            ["actionTypeVersion"] = 0,
            ["fields"] = new JsonObject { ["content_id"] = EmailId },
        }),
        ["enrollmentCriteria"] = JsonNode.Parse("""
            {"type":"LIST_BASED","shouldReEnroll":false,"unEnrollObjectsNotMeetingCriteria":false,"reEnrollmentTriggersFilterBranches":[],
             "listFilterBranch":{"filterBranchType":"OR","filterBranchOperator":"OR","filters":[],"filterBranches":[
               {"filterBranchType":"AND","filterBranchOperator":"AND","filterBranches":[],"filters":[
                 {"filterType":"PROPERTY","property":"gtm_audience",
                  "operation":{"operationType":"MULTISTRING","operator":"IS_EQUAL_TO","values":["v1/c1"],"includeObjectsWithNoValueSet":false}}]}]}}
            """),
        ["timeWindows"] = new JsonArray(),
        ["blockedDates"] = new JsonArray(),
        ["customProperties"] = state,
        ["suppressionListIds"] = new JsonArray(),
        ["canEnrollFromSalesforce"] = false,
    };
}
