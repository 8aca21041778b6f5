using System.Text.Json.Nodes;
using static Gtm.Channels.Tests.Live.Meta.MetaExperimentFixture;
using static Gtm.Channels.Tests.Live.Meta.MetaStub;

namespace Gtm.Channels.Tests.Live.Meta;

/// <summary>A/B tests a Meta campaign cannot run, refused before anything is made.</summary>
public sealed class MetaExperimentRefusalTests : IDisposable
{
    private const string Act = $"/act_{Account}";
    private readonly MetaExperimentFixture meta = new();

    private MetaStub Stub => meta.Stub;

    public void Dispose() => meta.Dispose();

    [Fact]
    public async Task Another_test_of_the_campaign_is_refused_while_its_study_runs()
    {
        meta.Campaign();
        meta.StudyList(Study("gtm-test 777 t0", Now.AddDays(3)), Study("gtm-test 777 old", Now.AddDays(-3), id: "6000"), Study("gtm-test 888 t1", Now.AddDays(3), id: "6002"));

        var refused = await Assert.ThrowsAsync<ChannelRefusedException>(() => meta.Adapter().StartExperimentAsync("777", Headline, CancellationToken.None));

        Assert.Contains("campaign 777 already runs experiment t0 (Meta study 6001)", refused.Message, StringComparison.Ordinal);
        Assert.Equal([$"GET {Act}/ad_studies"], Stub.Calls());
    }

    [Theory]
    [InlineData("description", "Invoices, in seconds", 0.2, "a test of 'description' is refused: a Meta ad's text elements are primary_text, headline, call_to_action")]
    [InlineData("call_to_action", "Book a demo", 0.2, "call to action variant 'b' reads 'Book a demo', which names none of Meta's call-to-action buttons")]
    [InlineData("headline", "Invoices, in seconds", 0, "a pilot share within 0 (excluded) to 1")]
    [InlineData("headline", "", 0.2, "2 or more variants with distinct ids without spaces and some text")]
    public async Task A_test_Meta_cannot_run_is_refused_before_any_call(string element, string variant, double share, string reason)
    {
        var spec = new ExperimentSpec("t1", element, [new("a", "Learn more"), new("b", variant)], share);

        var refused = await Assert.ThrowsAsync<ChannelRefusedException>(() => meta.Adapter().StartExperimentAsync("777", spec, CancellationToken.None));

        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        Assert.Empty(Stub.Requests);
    }

    [Fact]
    public async Task A_campaign_serving_two_ads_is_refused_before_anything_is_made()
    {
        meta.Campaign(Ad("91", "Launch ad", "ACTIVE"), Ad("92", "Spring headline gtm-gen-2", "ACTIVE"));
        meta.StudyList();

        var refused = await Assert.ThrowsAsync<ChannelRefusedException>(() => meta.Adapter().StartExperimentAsync("777", Headline, CancellationToken.None));

        Assert.Contains("campaign 777 serves 2 ads (91, 92): a split test varies one ad", refused.Message, StringComparison.Ordinal);
        Assert.Empty(Stub.Changed());
    }

    [Fact]
    public async Task A_control_ad_made_from_an_existing_post_is_refused_before_anything_is_made()
    {
        meta.Fresh();
        meta.ControlAd(new JsonObject { ["page_id"] = "5550", ["video_data"] = new JsonObject { ["message"] = "Watch" } }, priority: 1);

        var refused = await Assert.ThrowsAsync<ChannelRefusedException>(() => meta.Adapter().StartExperimentAsync("777", Headline, CancellationToken.None));

        Assert.Contains("ad 91's creative 4001 is not a link ad", refused.Message, StringComparison.Ordinal);
        Assert.Empty(Stub.Changed());
    }
}
