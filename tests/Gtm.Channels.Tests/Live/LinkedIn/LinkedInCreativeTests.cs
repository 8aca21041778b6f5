using Gtm.Channels;
using WireMock.Logging;
using static Gtm.Channels.Tests.Live.LinkedIn.LinkedInStub;

namespace Gtm.Channels.Tests.Live.LinkedIn;

/// <summary>Which content a LinkedIn campaign serves, switched by its creatives' intendedStatus; experiments refused.</summary>
public sealed class LinkedInCreativeTests : IDisposable
{
    private readonly LinkedInStub stub = new();

    public void Dispose() => stub.Dispose();

    /// <summary>A launch creative (no tag), a second launch creative already paused, and one creative of generation 2.</summary>
    private void Creatives(string launch, string candidate)
    {
        stub.Campaign(CampaignJson("777", "x", "ACTIVE", "50.00"));
        stub.Creatives(
            CreativeJson("91", "777", launch, "Launch ad"),
            CreativeJson("92", "777", candidate, "Spring headline gtm-gen-2"),
            CreativeJson("93", "777", "DRAFT", "Unfinished gtm-gen-2"));
        stub.UpdateCreatives();
    }

    /// <summary>The creative PARTIAL_UPDATEs in the order sent, as (creative id, intendedStatus).</summary>
    private IReadOnlyList<(string Creative, string Status)> Switches()
    {
        ILogEntry[] updates = [.. stub.Requests.Where(e => e.RequestMessage.Method == "POST")];
        foreach (ILogEntry update in updates)
        {
            Assert.Equal("PARTIAL_UPDATE", Header(update, "X-RestLi-Method"));
            Assert.Equal(["patch"], Body(update).AsObject().Select(p => p.Key));
        }

        return [.. updates.Select(e => (e.RequestMessage.Path![$"{Root}/creatives/".Length..], Body(e)["patch"]!["$set"]!["intendedStatus"]!.ToString()))];
    }

    [Fact]
    public async Task A_candidate_at_its_rotation_share_has_its_creatives_activated_beside_the_current_ones()
    {
        Creatives(launch: "ACTIVE", candidate: "PAUSED");

        PlatformCampaign campaign = await stub.Adapter().SetCreativesAsync("777", new CreativeSplit(1, 2, 0.5), CancellationToken.None);

        stub.AssertEveryRequestHasLinkedInsHeaders();
        Assert.Equal([("urn:li:sponsoredCreative:92", "ACTIVE")], Switches());
        Assert.Equal(new CreativeSplit(1, 2, 0.5), campaign.Creatives);
    }

    [Fact]
    public async Task A_candidate_share_below_what_even_rotation_gives_serves_the_current_content_alone()
    {
        Creatives(launch: "ACTIVE", candidate: "PAUSED");

        PlatformCampaign campaign = await stub.Adapter().SetCreativesAsync("777", new CreativeSplit(1, 2, 0.1), CancellationToken.None);

        Assert.Empty(Switches());
        Assert.Equal(new CreativeSplit(1), campaign.Creatives);
    }

    [Fact]
    public async Task The_whole_audience_on_the_candidate_activates_it_before_pausing_the_current_content()
    {
        Creatives(launch: "ACTIVE", candidate: "PAUSED");

        PlatformCampaign campaign = await stub.Adapter().SetCreativesAsync("777", new CreativeSplit(1, 2, 1.0), CancellationToken.None);

        Assert.Equal([("urn:li:sponsoredCreative:92", "ACTIVE"), ("urn:li:sponsoredCreative:91", "PAUSED")], Switches());
        Assert.Equal(new CreativeSplit(2), campaign.Creatives);
    }

    [Fact]
    public async Task Back_to_the_launch_content_pauses_the_candidate_and_read_back_says_so()
    {
        Creatives(launch: "ACTIVE", candidate: "ACTIVE");
        IChannelAdapter linkedIn = stub.Adapter();
        Assert.Equal(new CreativeSplit(1, 2, 0.5), (await linkedIn.GetAsync("777", CancellationToken.None)).Creatives);

        PlatformCampaign campaign = await linkedIn.SetCreativesAsync("777", CreativeSplit.Launch, CancellationToken.None);

        Assert.Equal([("urn:li:sponsoredCreative:92", "PAUSED")], Switches());
        Assert.Equal(CreativeSplit.Launch, campaign.Creatives);
    }

    [Fact]
    public async Task A_split_the_campaign_already_serves_changes_nothing()
    {
        Creatives(launch: "ACTIVE", candidate: "ACTIVE");

        PlatformCampaign campaign = await stub.Adapter().SetCreativesAsync("777", new CreativeSplit(1, 2, 0.5), CancellationToken.None);

        Assert.Empty(Switches());
        Assert.Equal(new CreativeSplit(1, 2, 0.5), campaign.Creatives);
    }

    [Fact]
    public async Task A_content_generation_without_a_creative_is_refused_before_anything_changes()
    {
        Creatives(launch: "ACTIVE", candidate: "PAUSED");

        var refused = await Assert.ThrowsAsync<ChannelRefusedException>(() => stub.Adapter().SetCreativesAsync("777", new CreativeSplit(2, 3, 0.5), CancellationToken.None));

        Assert.Contains("no active or paused ad for content generation 3 (tag the creative's name with 'gtm-gen-3')", refused.Message, StringComparison.Ordinal);
        Assert.Empty(Switches());
    }

    [Fact]
    public async Task A_campaign_without_creatives_yet_serves_the_launch_content_and_asking_for_it_changes_nothing()
    {
        stub.Campaign(CampaignJson("777", "x", "PAUSED", "50.00"));
        stub.Creatives(CreativeJson("93", "777", "DRAFT", "Unfinished launch post"));
        stub.UpdateCreatives();
        IChannelAdapter linkedIn = stub.Adapter();

        PlatformCampaign campaign = await linkedIn.SetCreativesAsync("777", CreativeSplit.Launch, CancellationToken.None);
        var later = await Assert.ThrowsAsync<ChannelRefusedException>(() => linkedIn.SetCreativesAsync("777", new CreativeSplit(2), CancellationToken.None));

        Assert.Equal(CreativeSplit.Launch, campaign.Creatives);
        Assert.Empty(Switches());
        Assert.Contains("no active or paused ad for content generation 2", later.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Experiments_are_refused_as_LinkedIns_api_has_no_split_test_of_a_campaign()
    {
        var spec = new ExperimentSpec("t1", "headline", [new("a", "A"), new("b", "B")], 0.2);
        IChannelAdapter linkedIn = stub.Adapter();

        var refused = await Assert.ThrowsAsync<ChannelRefusedException>(() => linkedIn.StartExperimentAsync("777", spec, CancellationToken.None));
        await Assert.ThrowsAsync<ChannelRefusedException>(() => linkedIn.ReadExperimentAsync("777", "t1", CancellationToken.None));
        await Assert.ThrowsAsync<ChannelRefusedException>(() => linkedIn.EndExperimentAsync("777", "t1", "b", CancellationToken.None));

        Assert.Contains("no split test of a campaign", refused.Message, StringComparison.Ordinal);
        Assert.False(refused.Retryable);
        Assert.Empty(stub.Requests);
    }
}
