using System.Text.Json.Nodes;
using WireMock.Logging;
using WireMock.RequestBuilders;
using static Gtm.Channels.Tests.Live.Meta.MetaExperimentFixture;
using static Gtm.Channels.Tests.Live.Meta.MetaStub;

namespace Gtm.Channels.Tests.Live.Meta;

/// <summary>Starting an A/B test as a Meta split test: the variant's creative, ad set copy and ad, then the study.</summary>
public sealed class MetaExperimentStartTests : IDisposable
{
    private const string Act = $"/act_{Account}";
    private readonly MetaExperimentFixture meta = new();

    private MetaStub Stub => meta.Stub;

    public void Dispose() => meta.Dispose();

    private void Creations()
    {
        meta.Creates($"act_{Account}/adcreatives", "id", "4002", "4003");
        meta.Creates("3001/copies", "copied_adset_id", "3002", "3003");
        meta.Creates($"act_{Account}/ads", "id", "93", "94");
        meta.Creates($"act_{Account}/ad_studies", "id", "6001");
    }

    private ILogEntry Post(string path, int index = 0) => Stub.RequestsTo("POST", $"{Graph}{path}")[index];

    [Fact]
    public async Task Start_makes_the_variants_creative_copy_and_ad_then_the_study_then_activates_the_copy()
    {
        meta.Fresh();
        Creations();

        PlatformCampaign campaign = await meta.Adapter().StartExperimentAsync("777", Headline, CancellationToken.None);

        Stub.AssertEveryRequestIsAuthenticated();
        Assert.Equal(
            [
                $"GET {Act}/ad_studies", "GET /777/ads", "GET /91", "GET /3001/insights", "GET /777/adsets", $"GET {Act}/adcreatives",
                $"POST {Act}/adcreatives", "POST /3001/copies", $"POST {Act}/ads", $"POST {Act}/ad_studies", "POST /3002",
                "GET /777", "GET /777/ads", $"GET {Act}",
            ],
            Stub.Calls());
        AssertFields(new() { ["fields"] = StudyFields, ["limit"] = "100" }, Query(Stub.RequestsTo("GET", $"{Graph}{Act}/ad_studies")[0]));
        AssertFields(new() { ["fields"] = "id,adset_id,creative{id,object_story_spec}" }, Query(Stub.RequestsTo("GET", $"{Graph}/91")[0]));
        AssertFields(new() { ["fields"] = "impressions,clicks", ["date_preset"] = "maximum" }, Query(Stub.RequestsTo("GET", $"{Graph}/3001/insights")[0]));
        const string named = """[{"field":"name","operator":"CONTAIN","value":"gtm-test 777 t1"}]""";
        AssertFields(new() { ["fields"] = "id,name,status", ["filtering"] = named, ["limit"] = "100" }, Query(Stub.RequestsTo("GET", $"{Graph}/777/adsets")[0]));
        AssertFields(new() { ["fields"] = "id,name", ["filtering"] = named, ["limit"] = "100" }, Query(Stub.RequestsTo("GET", $"{Graph}{Act}/adcreatives")[0]));

        Dictionary<string, string> creative = Form(Post($"{Act}/adcreatives"));
        Assert.Equal(["name", "object_story_spec"], creative.Keys);
        Assert.Equal("gtm-test 777 t1 b", creative["name"]);
        JsonObject expectedSpec = StorySpec();
        expectedSpec["link_data"]!["name"] = "Invoices, in seconds";
        Assert.True(JsonEquals(expectedSpec, creative["object_story_spec"]), creative["object_story_spec"]);

        Dictionary<string, string> copy = Form(Post("/3001/copies"));
        Assert.Equal(["deep_copy", "status_option", "rename_options"], copy.Keys);
        Assert.Equal(("false", "PAUSED"), (copy["deep_copy"], copy["status_option"]));
        Assert.True(JsonEquals(new JsonObject { ["rename_strategy"] = "ONLY_TOP_LEVEL_RENAME", ["rename_suffix"] = " · gtm-test 777 t1 b" }, copy["rename_options"]), copy["rename_options"]);

        Dictionary<string, string> ad = Form(Post($"{Act}/ads"));
        Assert.Equal(["name", "adset_id", "creative", "status"], ad.Keys);
        Assert.Equal(("gtm-test 777 t1 b", "3002", "ACTIVE"), (ad["name"], ad["adset_id"], ad["status"]));
        Assert.True(JsonEquals(new JsonObject { ["creative_id"] = "4002" }, ad["creative"]), ad["creative"]);

        Dictionary<string, string> study = Form(Post($"{Act}/ad_studies"));
        Assert.Equal(["name", "description", "type", "start_time", "end_time", "cells"], study.Keys);
        long start = Now.AddMinutes(1).ToUnixTimeSeconds();
        Assert.Equal(("gtm-test 777 t1", "SPLIT_TEST", $"{start}", $"{start + (90 * 86_400)}"), (study["name"], study["type"], study["start_time"], study["end_time"]));
        Assert.True(JsonEquals(Record(), study["description"]), study["description"]);
        var cells = JsonNode.Parse("""[{"name":"a","treatment_percentage":90,"adsets":["3001"]},{"name":"b","treatment_percentage":10,"adsets":["3002"]}]""")!;
        Assert.True(JsonEquals(cells, study["cells"]), study["cells"]);

        AssertFields(new() { ["status"] = "ACTIVE" }, Form(Post("/3002")));
        Assert.Equal((CampaignStatus.Active, CreativeSplit.Launch), (campaign.Status, campaign.Creatives));
    }

    [Fact]
    public async Task Three_variants_share_the_pilot_each_rounded_down_and_the_control_cell_has_the_rest()
    {
        meta.Fresh();
        Creations();
        var spec = new ExperimentSpec("t1", "primary_text", [new("a", "Stop losing invoices"), new("b", "Find any invoice"), new("c", "Invoices, sorted")], 0.35);

        await meta.Adapter().StartExperimentAsync("777", spec, CancellationToken.None);

        Assert.Equal(["gtm-test 777 t1 b", "gtm-test 777 t1 c"], Stub.RequestsTo("POST", $"{Graph}{Act}/adcreatives").Select(r => Form(r)["name"]));
        Assert.Equal("Find any invoice", JsonNode.Parse(Form(Post($"{Act}/adcreatives", 0))["object_story_spec"])!["link_data"]!["message"]!.ToString());
        Assert.Equal("Invoices, sorted", JsonNode.Parse(Form(Post($"{Act}/adcreatives", 1))["object_story_spec"])!["link_data"]!["message"]!.ToString());
        Assert.Equal([("gtm-test 777 t1 c", "3003", """{"creative_id":"4003"}""")], Stub.RequestsTo("POST", $"{Graph}{Act}/ads").Skip(1).Select(r => (Form(r)["name"], Form(r)["adset_id"], Form(r)["creative"])));
        var cells = JsonNode.Parse("""
            [{"name":"a","treatment_percentage":78,"adsets":["3001"]},{"name":"b","treatment_percentage":11,"adsets":["3002"]},{"name":"c","treatment_percentage":11,"adsets":["3003"]}]
            """)!;
        Assert.True(JsonEquals(cells, Form(Post($"{Act}/ad_studies"))["cells"]), Form(Post($"{Act}/ad_studies"))["cells"]);
        Assert.Equal(["/3002 status=ACTIVE", "/3003 status=ACTIVE"], Stub.Changed().Where(c => c.Split(' ')[0] is "/3002" or "/3003"));
    }

    [Fact]
    public async Task A_call_to_action_variant_naming_a_button_of_Metas_becomes_its_type_and_keeps_the_link()
    {
        meta.Fresh();
        Creations();
        var spec = new ExperimentSpec("t1", "call_to_action", [new("a", "Learn more"), new("b", "Shop now")], 0.2);

        await meta.Adapter().StartExperimentAsync("777", spec, CancellationToken.None);

        JsonNode button = JsonNode.Parse(Form(Post($"{Act}/adcreatives"))["object_story_spec"])!["link_data"]!["call_to_action"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"type":"SHOP_NOW","value":{"link":"https://example.com/"}}"""), button), button.ToJsonString());
    }

    [Fact]
    public async Task Starting_the_same_test_again_changes_nothing()
    {
        meta.Campaign();
        meta.StudyList(Study("gtm-test 777 t1", Now.AddDays(90)));

        PlatformCampaign campaign = await meta.Adapter().StartExperimentAsync("777", Headline, CancellationToken.None);

        Assert.Equal([$"GET {Act}/ad_studies", "GET /777", "GET /777/ads", $"GET {Act}"], Stub.Calls());
        Assert.Equal("777", campaign.PlatformCampaignId);
    }

    [Fact]
    public async Task Starting_again_a_test_whose_start_stopped_after_its_study_activates_the_copy_it_left_paused()
    {
        meta.Campaign();
        meta.StudyList(Study("gtm-test 777 t1", Now.AddDays(90), copyStatus: "PAUSED"));

        await meta.Adapter().StartExperimentAsync("777", Headline, CancellationToken.None);

        Assert.Equal(["/3002 status=ACTIVE"], Stub.Changed());
    }

    [Fact]
    public async Task A_retried_start_finds_the_creative_and_copy_an_earlier_attempt_made_and_makes_only_the_rest()
    {
        meta.Fresh();
        Creations();
        Stub.Answer("GET", "777/adsets", Page(
            new JsonObject { ["id"] = "3009", ["name"] = "Spring ad set · gtm-test 777 t1 bb", ["status"] = "PAUSED" },
            new JsonObject { ["id"] = "3002", ["name"] = "Spring ad set · gtm-test 777 t1 b", ["status"] = "PAUSED" }), priority: 1);
        Stub.Answer("GET", $"act_{Account}/adcreatives", Page(new JsonObject { ["id"] = "4002", ["name"] = "gtm-test 777 t1 b" }), priority: 1);

        await meta.Adapter().StartExperimentAsync("777", Headline, CancellationToken.None);

        Assert.Equal([$"POST {Act}/ads", $"POST {Act}/ad_studies", "POST /3002"], Stub.Calls().Where(c => c.StartsWith("POST", StringComparison.Ordinal)));
        Dictionary<string, string> ad = Form(Post($"{Act}/ads"));
        Assert.Equal(("3002", """{"creative_id":"4002"}"""), (ad["adset_id"], ad["creative"]));
    }

    [Fact]
    public async Task A_study_whose_creation_went_unanswered_is_found_by_its_name_and_not_created_twice()
    {
        meta.Fresh();
        meta.Creates($"act_{Account}/adcreatives", "id", "4002");
        meta.Creates("3001/copies", "copied_adset_id", "3002");
        meta.Creates($"act_{Account}/ads", "id", "93");
        Stub.Server.Given(Request.Create().WithPath($"{Graph}{Act}/ad_studies").UsingPost()).InScenario("study").WillSetStateTo("made")
            .RespondWith(Json(Error(2, "OAuthException", "An unexpected error has occurred. Please retry your request later."), 500));
        Stub.Server.Given(Request.Create().WithPath($"{Graph}{Act}/ad_studies").UsingGet()).InScenario("study").WhenStateIs("made").AtPriority(1)
            .RespondWith(Json(Page(Study("gtm-test 777 t1", Now.AddDays(90), copyStatus: "PAUSED"))));

        await meta.Adapter().StartExperimentAsync("777", Headline, CancellationToken.None);

        Assert.Single(Stub.RequestsTo("POST", $"{Graph}{Act}/ad_studies"));
        Assert.Equal(2, Stub.RequestsTo("GET", $"{Graph}{Act}/ad_studies").Count);
        AssertFields(new() { ["status"] = "ACTIVE" }, Form(Post("/3002")));
    }
}
