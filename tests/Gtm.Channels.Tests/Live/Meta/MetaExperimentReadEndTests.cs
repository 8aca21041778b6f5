using System.Text.Json.Nodes;
using static Gtm.Channels.Tests.Live.Meta.MetaExperimentFixture;
using static Gtm.Channels.Tests.Live.Meta.MetaStub;

namespace Gtm.Channels.Tests.Live.Meta;

/// <summary>Reading and ending an A/B test run as a Meta split test (study 6001: control a in ad set 3001, variant b in copy 3002).</summary>
public sealed class MetaExperimentReadEndTests : IDisposable
{
    private const string Act = $"/act_{Account}";
    private readonly MetaExperimentFixture meta = new();

    private MetaStub Stub => meta.Stub;

    public void Dispose() => meta.Dispose();

    /// <summary>The campaign's ad serving <paramref name="creative"/>, and the variant's ad in its copy serving 4002.</summary>
    private void Serving(string creative)
    {
        Stub.Answer("GET", "91", new JsonObject { ["id"] = "91", ["creative"] = new JsonObject { ["id"] = creative } });
        Stub.Answer("GET", "3002/ads", Page(new JsonObject { ["id"] = "93", ["name"] = "gtm-test 777 t1 b", ["status"] = "ACTIVE", ["creative"] = new JsonObject { ["id"] = "4002" } }));
    }

    [Fact]
    public async Task Read_gives_each_cells_ad_set_impressions_and_clicks_the_controls_counted_from_the_start_of_the_test()
    {
        meta.Campaign();
        meta.StudyList(Study("gtm-test 777 t1", Now.AddDays(80)));
        Stub.Answer("GET", "777/insights", Page(
            new JsonObject { ["adset_id"] = "3001", ["impressions"] = "1900", ["clicks"] = "38" },
            new JsonObject { ["adset_id"] = "3002", ["impressions"] = "100", ["clicks"] = "5" }));

        ExperimentMetrics read = await meta.Adapter().ReadExperimentAsync("777", "t1", CancellationToken.None);

        Stub.AssertEveryRequestIsAuthenticated();
        Assert.Equal([$"GET {Act}/ad_studies", "GET /777/insights"], Stub.Calls());
        AssertFields(
            new()
            {
                ["level"] = "adset",
                ["fields"] = "adset_id,impressions,clicks",
                ["date_preset"] = "maximum",
                ["filtering"] = """[{"field":"adset.id","operator":"IN","value":["3001","3002"]}]""",
                ["limit"] = "100",
            },
            Query(Stub.RequestsTo("GET", $"{Graph}/777/insights")[0]));
        Assert.Equal(("t1", "headline", true, Now), (read.TestId, read.Element, read.Running, read.AsOf));
        Assert.Equal([new ExperimentArm("a", 900, 18, 0.9), new ExperimentArm("b", 100, 5, 0.1)], read.Arms);
    }

    [Fact]
    public async Task Read_of_a_test_the_campaign_never_ran_is_refused()
    {
        meta.StudyList(Study("gtm-test 777 t1", Now.AddDays(80)), Study("gtm-test 888 t9", Now.AddDays(80), id: "6002"));

        var refused = await Assert.ThrowsAsync<ChannelRefusedException>(() => meta.Adapter().ReadExperimentAsync("777", "t9", CancellationToken.None));

        Assert.Contains("campaign 777 has no experiment t9", refused.Message, StringComparison.Ordinal);
        Assert.False(refused.Retryable);
    }

    [Fact]
    public async Task Ending_with_the_control_ends_the_study_and_pauses_the_copy_leaving_the_ad_as_it_is()
    {
        meta.Campaign();
        meta.StudyList(Study("gtm-test 777 t1", Now.AddDays(80)));
        Serving("4001");

        PlatformCampaign campaign = await meta.Adapter().EndExperimentAsync("777", "t1", "a", CancellationToken.None);

        Stub.AssertEveryRequestIsAuthenticated();
        Assert.Equal([$"/6001 end_time={Now.ToUnixTimeSeconds()}", "/3002 status=PAUSED"], Stub.Changed());
        AssertFields(new() { ["fields"] = "id,creative" }, Query(Stub.RequestsTo("GET", $"{Graph}/91")[0]));
        AssertFields(new() { ["fields"] = "id,name,status,creative", ["limit"] = "100" }, Query(Stub.RequestsTo("GET", $"{Graph}/3002/ads")[0]));
        Assert.Equal(new Dictionary<string, string> { ["headline"] = "a" }, campaign.Served);
    }

    [Fact]
    public async Task Ending_with_a_variant_points_the_campaigns_ad_at_its_creative_before_ending_the_study()
    {
        meta.Campaign();
        meta.StudyList(Study("gtm-test 777 t1", Now.AddDays(80)));
        Serving("4001");

        PlatformCampaign campaign = await meta.Adapter().EndExperimentAsync("777", "t1", "b", CancellationToken.None);

        Assert.Equal(["/91 creative={\"creative_id\":\"4002\"}", $"/6001 end_time={Now.ToUnixTimeSeconds()}", "/3002 status=PAUSED"], Stub.Changed());
        Assert.Equal(new Dictionary<string, string> { ["headline"] = "b" }, campaign.Served);
        Assert.Equal(CampaignStatus.Active, campaign.Status);
    }

    [Fact]
    public async Task Ending_again_changes_nothing_and_ending_with_another_variant_is_refused()
    {
        meta.Campaign();
        meta.StudyList(Study("gtm-test 777 t1", Now.AddHours(-1), copyStatus: "PAUSED"));
        Serving("4002");
        IChannelAdapter adapter = meta.Adapter();

        PlatformCampaign again = await adapter.EndExperimentAsync("777", "t1", "b", CancellationToken.None);
        var other = await Assert.ThrowsAsync<ChannelRefusedException>(() => adapter.EndExperimentAsync("777", "t1", "a", CancellationToken.None));

        Assert.Empty(Stub.Changed());
        Assert.Equal(new Dictionary<string, string> { ["headline"] = "b" }, again.Served);
        Assert.Contains("experiment t1 already ended serving b", other.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ending_retried_after_it_pointed_the_ad_finishes_without_pointing_it_again()
    {
        meta.Campaign();
        meta.StudyList(Study("gtm-test 777 t1", Now.AddDays(80)));
        Serving("4002");

        await meta.Adapter().EndExperimentAsync("777", "t1", "b", CancellationToken.None);

        Assert.Equal([$"/6001 end_time={Now.ToUnixTimeSeconds()}", "/3002 status=PAUSED"], Stub.Changed());
    }

    [Fact]
    public async Task Ending_with_a_variant_the_test_does_not_have_is_refused_before_any_change()
    {
        meta.Campaign();
        meta.StudyList(Study("gtm-test 777 t1", Now.AddDays(80)));
        Serving("4001");

        var refused = await Assert.ThrowsAsync<ChannelRefusedException>(() => meta.Adapter().EndExperimentAsync("777", "t1", "z", CancellationToken.None));

        Assert.Contains("experiment t1 has no variant 'z'; its variants are a, b", refused.Message, StringComparison.Ordinal);
        Assert.Empty(Stub.Changed());
    }

    [Fact]
    public async Task A_campaign_id_that_is_not_a_graph_id_is_refused_by_creatives_and_tests_without_a_call()
    {
        IChannelAdapter adapter = meta.Adapter();

        ChannelRefusedException[] refused =
        [
            await Assert.ThrowsAsync<ChannelRefusedException>(() => adapter.SetCreativesAsync("777/ads", CreativeSplit.Launch, CancellationToken.None)),
            await Assert.ThrowsAsync<ChannelRefusedException>(() => adapter.StartExperimentAsync("act_1", Headline, CancellationToken.None)),
            await Assert.ThrowsAsync<ChannelRefusedException>(() => adapter.ReadExperimentAsync("", "t1", CancellationToken.None)),
            await Assert.ThrowsAsync<ChannelRefusedException>(() => adapter.EndExperimentAsync("7 7", "t1", "a", CancellationToken.None)),
        ];

        Assert.All(refused, r => Assert.Contains("is not a Meta campaign id", r.Message, StringComparison.Ordinal));
        Assert.Empty(Stub.Requests);
    }
}
