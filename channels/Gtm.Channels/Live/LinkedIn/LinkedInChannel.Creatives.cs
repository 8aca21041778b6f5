using System.Text.Json.Nodes;
using Gtm.Channels.Live.Creatives;

namespace Gtm.Channels.Live.LinkedIn;

/// <summary>
/// Creatives and A/B tests. The content a campaign serves is switched by its creatives'
/// <c>intendedStatus</c> (see <see cref="LinkedInCreatives"/>). LinkedIn's Marketing API has no split
/// test of a campaign (its A/B tests are set up in Campaign Manager alone, between campaigns), so
/// experiments are refused with that reason, which the orchestrations do not retry.
/// </summary>
internal sealed partial class LinkedInChannel
{
    private const string NoSplitTests = "LinkedIn's Marketing API offers no split test of a campaign's content (A/B tests exist only in Campaign Manager); a candidate can be served beside the current content with set-creatives instead";

    public async Task<PlatformCampaign> SetCreativesAsync(string platformCampaignId, CreativeSplit split, CancellationToken cancellation)
    {
        string id = Checked(platformCampaignId);
        IReadOnlyList<TaggedCreative> creatives = LinkedInCreatives.Read(await api.CreativesAsync(id, cancellation).ConfigureAwait(false));
        IReadOnlySet<int> serve = TaggedCreatives.Plan(Channel, split, creatives, LinkedInCreatives.TagHint);
        IReadOnlyList<TaggedCreative> now = await TaggedCreatives.SwitchAsync(creatives, serve, (creative, active) =>
            api.UpdateCreativeAsync(creative.Id, new JsonObject { ["intendedStatus"] = active ? "ACTIVE" : "PAUSED" }, cancellation)).ConfigureAwait(false);
        JsonNode campaign = await api.GetCampaignAsync(id, cancellation).ConfigureAwait(false);
        return ToCampaign(campaign, TaggedCreatives.Serving(now));
    }

    public Task<PlatformCampaign> StartExperimentAsync(string platformCampaignId, ExperimentSpec spec, CancellationToken cancellation) =>
        throw new ChannelRefusedException(Channel, $"experiment {spec.TestId} refused: {NoSplitTests}");

    public Task<ExperimentMetrics> ReadExperimentAsync(string platformCampaignId, string testId, CancellationToken cancellation) =>
        throw new ChannelRefusedException(Channel, $"experiment {testId} does not exist: {NoSplitTests}");

    public Task<PlatformCampaign> EndExperimentAsync(string platformCampaignId, string testId, string variantId, CancellationToken cancellation) =>
        throw new ChannelRefusedException(Channel, $"experiment {testId} does not exist: {NoSplitTests}");
}
