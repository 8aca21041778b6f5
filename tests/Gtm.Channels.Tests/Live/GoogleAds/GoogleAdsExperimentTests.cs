using System.Text.Json.Nodes;
using WireMock.Logging;
using WireMock.RequestBuilders;
using static Gtm.Channels.Tests.Live.GoogleAds.GoogleAdsStub;

namespace Gtm.Channels.Tests.Live.GoogleAds;

/// <summary>A/B tests as Google Ads campaign experiments: each request the client sends, checked against the stub.</summary>
public sealed class GoogleAdsExperimentTests : IDisposable
{
    private const string Experiment = $"customers/{Customer}/experiments/555";
    private const string Base = $"customers/{Customer}/campaigns/777";
    private const string Draft = $"customers/{Customer}/campaigns/888";
    private static readonly ExperimentSpec Spec = new("ab-1", "headline", [new("control", "Ship in a day"), new("bold", "Ship today")], 0.1);

    private readonly GoogleAdsStub stub = new();

    public void Dispose() => stub.Dispose();

    private static JsonObject ExperimentRow(string testId, string status, string? start = "2026-11-20", string? end = null)
    {
        var experiment = new JsonObject
        {
            ["resourceName"] = Experiment,
            ["name"] = $"{testId} · campaign 777",
            ["status"] = status,
            ["description"] = "headline: control vs bold",
        };
        if (start is not null)
        {
            experiment["startDate"] = start;
        }

        if (end is not null)
        {
            experiment["endDate"] = end;
        }

        return new JsonObject { ["experiment"] = experiment };
    }

    private static JsonObject RsaRow(string adId, params (string Text, string? Pin)[] headlines) => new()
    {
        ["adGroupAd"] = new JsonObject
        {
            ["ad"] = new JsonObject
            {
                ["resourceName"] = $"customers/{Customer}/ads/{adId}",
                ["responsiveSearchAd"] = new JsonObject
                {
                    ["headlines"] = new JsonArray([.. headlines.Select(h => (JsonNode)(h.Pin is null ? new JsonObject { ["text"] = h.Text } : new JsonObject { ["text"] = h.Text, ["pinnedField"] = h.Pin }))]),
                },
            },
        },
    };

    private static JsonObject ArmRow(string name, bool control, string? campaign, string? inDesign = null)
    {
        var arm = new JsonObject { ["name"] = name, ["control"] = control, ["trafficSplit"] = control ? "95" : "5" };
        if (campaign is not null)
        {
            arm["campaigns"] = new JsonArray(campaign);
        }

        if (inDesign is not null)
        {
            arm["inDesignCampaigns"] = new JsonArray(inDesign);
        }

        return new JsonObject { ["experimentArm"] = arm };
    }

    private void Campaign()
    {
        stub.Search("FROM campaign WHERE campaign.id = 777", [CampaignRow("777", "Spring launch · v1/c1 · gtm-0123456789abcdef", "ENABLED", 50_000_000)]);
        stub.Search("SELECT ad_group_ad.resource_name, ad_group_ad.status", []);
    }

    private void Call(string method) =>
        stub.Server.Given(Request.Create().WithPath($"/v21/{Experiment}:{method}").UsingPost()).RespondWith(Json(new JsonObject { ["name"] = $"customers/{Customer}/operations/1" }));

    [Fact]
    public async Task A_test_pins_the_control_in_the_campaign_makes_two_arms_pins_the_variant_in_the_treatment_and_schedules_it()
    {
        Campaign();
        stub.Search("FROM experiment WHERE", []);
        stub.Search("WHERE campaign.id = 777 AND ad_group_ad.status = ", [RsaRow("41", ("Old first", "HEADLINE_1"), ("Second", null), ("Ship in a day", null))]);
        stub.Search("WHERE campaign.resource_name = .+campaigns/888", [RsaRow("42", ("Ship in a day", "HEADLINE_1"), ("Old first", null), ("Second", null))]);
        stub.Mutate("ads", "ignored");
        stub.Mutate("experiments", Experiment);
        stub.Mutate("experimentArms", $"customers/{Customer}/experimentArms/555~2");
        stub.Search("FROM experiment_arm WHERE experiment_arm.resource_name", [ArmRow("bold", false, null, Draft)]);
        Call("scheduleExperiment");

        PlatformCampaign campaign = await stub.Adapter().StartExperimentAsync("777", Spec, CancellationToken.None);

        stub.AssertEveryRequestIsAuthenticated();
        Assert.Equal("SELECT experiment.resource_name, experiment.name, experiment.status, experiment.description, experiment.start_date, experiment.end_date FROM experiment WHERE experiment.name LIKE '% · campaign 777' AND experiment.status != 'REMOVED'", Query(stub.Requests[0]));
        IReadOnlyList<ILogEntry> ads = stub.RequestsTo("ads:mutate");
        Assert.Equal(2, ads.Count);
        AssertJson(
            $$$"""{"operations":[{"update":{"resourceName":"customers/{{{Customer}}}/ads/41","responsiveSearchAd":{"headlines":[{"text":"Ship in a day","pinnedField":"HEADLINE_1"},{"text":"Old first"},{"text":"Second"}]}},"updateMask":"responsive_search_ad.headlines"}]}""",
            Body(ads[0]));
        AssertJson(
            $$$"""{"operations":[{"update":{"resourceName":"customers/{{{Customer}}}/ads/42","responsiveSearchAd":{"headlines":[{"text":"Ship today","pinnedField":"HEADLINE_1"},{"text":"Ship in a day"},{"text":"Old first"},{"text":"Second"}]}},"updateMask":"responsive_search_ad.headlines"}]}""",
            Body(ads[1]));
        AssertJson(
            """{"operations":[{"create":{"name":"ab-1 · campaign 777","description":"headline: control vs bold","suffix":"[ab-1]","type":"SEARCH_CUSTOM","status":"SETUP"}}]}""",
            Body(Assert.Single(stub.RequestsTo("experiments:mutate"))));
        IReadOnlyList<ILogEntry> arms = stub.RequestsTo("experimentArms:mutate");
        AssertJson($$$"""{"operations":[{"create":{"experiment":"{{{Experiment}}}","name":"control","control":true,"trafficSplit":95,"campaigns":["{{{Base}}}"]}}]}""", Body(arms[0]));
        AssertJson($$$"""{"operations":[{"create":{"experiment":"{{{Experiment}}}","name":"bold","control":false,"trafficSplit":5}}]}""", Body(arms[1]));
        ILogEntry schedule = Assert.Single(stub.Requests, r => r.RequestMessage.Path.EndsWith(":scheduleExperiment", StringComparison.Ordinal));
        Assert.True(stub.Requests.ToList().IndexOf(schedule) > stub.Requests.ToList().IndexOf(ads[1]), "scheduled before the treatment's ads were changed");
        Assert.Equal("777", campaign.PlatformCampaignId);
    }

    [Fact]
    public async Task Starting_the_same_test_again_changes_nothing_and_another_test_is_refused_while_one_runs()
    {
        Campaign();
        stub.Search("FROM experiment WHERE", [ExperimentRow("ab-1", "ENABLED")]);
        IChannelAdapter google = stub.Adapter();

        await google.StartExperimentAsync("777", Spec, CancellationToken.None);
        ChannelRefusedException refused = await Assert.ThrowsAsync<ChannelRefusedException>(() => google.StartExperimentAsync("777", Spec with { TestId = "ab-2" }, CancellationToken.None));

        Assert.Contains("already runs experiment ab-1", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(stub.Requests, r => r.RequestMessage.Path.EndsWith(":mutate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_start_that_failed_half_way_is_removed_and_made_again()
    {
        Campaign();
        stub.Search("FROM experiment WHERE", [ExperimentRow("ab-1", "SETUP", start: null)]);
        stub.Search("AND ad_group_ad.status = ", [RsaRow("41", ("Ship in a day", null))]);
        stub.Mutate("ads", "ignored");
        stub.Mutate("experiments", Experiment);
        stub.Mutate("experimentArms", $"customers/{Customer}/experimentArms/555~2");
        stub.Search("FROM experiment_arm WHERE experiment_arm.resource_name", [ArmRow("bold", false, null, Draft)]);
        Call("scheduleExperiment");

        await stub.Adapter().StartExperimentAsync("777", Spec, CancellationToken.None);

        IReadOnlyList<ILogEntry> experiments = stub.RequestsTo("experiments:mutate");
        AssertJson($$$"""{"operations":[{"remove":"{{{Experiment}}}"}]}""", Body(experiments[0]));
        Assert.NotNull(Body(experiments[1])["operations"]![0]!["create"]);
    }

    [Theory]
    [InlineData("call_to_action", 2, 0.1, "headline or description")]
    [InlineData("headline", 3, 0.1, "2 variants")]
    [InlineData("headline", 2, 0, "pilot share")]
    public async Task A_test_google_cannot_run_is_refused_without_a_call(string element, int variants, double pilot, string reason)
    {
        var spec = new ExperimentSpec("ab-1", element, [.. Enumerable.Range(0, variants).Select(i => new ExperimentVariant($"v{i}", $"Text {i}"))], pilot);

        ChannelRefusedException refused = await Assert.ThrowsAsync<ChannelRefusedException>(() => stub.Adapter().StartExperimentAsync("777", spec, CancellationToken.None));

        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task Each_arms_impressions_and_clicks_are_read_since_the_experiment_began()
    {
        stub.Search("FROM experiment WHERE", [ExperimentRow("ab-1", "ENABLED")]);
        stub.Search("FROM experiment_arm WHERE experiment_arm.experiment", [ArmRow("bold", false, Draft), ArmRow("control", true, Base)]);
        stub.Search("FROM campaign WHERE campaign.resource_name IN", [
            new JsonObject { ["campaign"] = new JsonObject { ["resourceName"] = Base }, ["metrics"] = new JsonObject { ["impressions"] = "19000", ["clicks"] = "760" } },
            new JsonObject { ["campaign"] = new JsonObject { ["resourceName"] = Draft }, ["metrics"] = new JsonObject { ["impressions"] = "1000", ["clicks"] = "55" } },
        ]);

        ExperimentMetrics read = await stub.Adapter().ReadExperimentAsync("777", "ab-1", CancellationToken.None);

        Assert.Equal(
            $"SELECT campaign.resource_name, metrics.impressions, metrics.clicks FROM campaign WHERE campaign.resource_name IN ('{Draft}', '{Base}') AND segments.date >= '2026-11-20'",
            Query(stub.Requests[^1]));
        Assert.Equal(("ab-1", "headline", true), (read.TestId, read.Element, read.Running));
        Assert.Equal([new ExperimentArm("control", 19000, 760, 0.95), new ExperimentArm("bold", 1000, 55, 0.05)], read.Arms);
    }

    [Theory]
    [InlineData("bold", "promoteExperiment")]
    [InlineData("control", "endExperiment")]
    public async Task Ending_with_the_variant_promotes_it_and_with_the_control_ends_the_experiment(string winner, string method)
    {
        Campaign();
        stub.Search("FROM experiment WHERE", [ExperimentRow("ab-1", "ENABLED")]);
        stub.Search("FROM experiment_arm WHERE experiment_arm.experiment", [ArmRow("control", true, Base), ArmRow("bold", false, Draft)]);
        Call(method);

        PlatformCampaign campaign = await stub.Adapter().EndExperimentAsync("777", "ab-1", winner, CancellationToken.None);

        ILogEntry call = Assert.Single(stub.Requests, r => r.RequestMessage.Path.Contains(':', StringComparison.Ordinal) && !r.RequestMessage.Path.EndsWith("searchStream", StringComparison.Ordinal));
        Assert.Equal($"/v21/{Experiment}:{method}", call.RequestMessage.Path);
        Assert.Equal(winner, campaign.Served!["headline"]);
    }

    [Theory]
    [InlineData("PROMOTED", null, "bold")]
    [InlineData("ENABLED", "2026-11-25", "control")]
    public async Task Ending_an_ended_experiment_changes_nothing_and_says_what_it_serves(string status, string? end, string served)
    {
        Campaign();
        stub.Search("FROM experiment WHERE", [ExperimentRow("ab-1", status, end: end)]);
        stub.Search("FROM experiment_arm WHERE experiment_arm.experiment", [ArmRow("control", true, Base), ArmRow("bold", false, Draft)]);

        PlatformCampaign campaign = await stub.Adapter().EndExperimentAsync("777", "ab-1", "bold", CancellationToken.None);

        Assert.All(stub.Requests, r => Assert.EndsWith("googleAds:searchStream", r.RequestMessage.Path, StringComparison.Ordinal));
        Assert.Equal(served, campaign.Served!["headline"]);
    }

    [Fact]
    public async Task A_test_that_does_not_exist_or_a_variant_it_does_not_have_is_refused()
    {
        stub.Search("FROM experiment WHERE", [ExperimentRow("ab-1", "ENABLED")]);
        stub.Search("FROM experiment_arm WHERE experiment_arm.experiment", [ArmRow("control", true, Base), ArmRow("bold", false, Draft)]);
        IChannelAdapter google = stub.Adapter();

        Assert.Contains("does not exist", (await Assert.ThrowsAsync<ChannelRefusedException>(() => google.ReadExperimentAsync("777", "ab-9", CancellationToken.None))).Message, StringComparison.Ordinal);
        Assert.Contains("no variant shy", (await Assert.ThrowsAsync<ChannelRefusedException>(() => google.EndExperimentAsync("777", "ab-1", "shy", CancellationToken.None))).Message, StringComparison.Ordinal);
    }
}
