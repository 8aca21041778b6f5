using System.Text.Json.Nodes;
using Gtm.Channels.Live.Creatives;

namespace Gtm.Channels.Live.Meta;

/// <summary>
/// Which content a campaign serves, switched by its ads' <c>status</c> (see <see cref="MetaAds"/>):
/// what should serve is activated before the rest is paused. Meta gives no share of a rotation, so
/// only whole switches are taken.
/// </summary>
internal sealed partial class MetaChannel
{
    public async Task<PlatformCampaign> SetCreativesAsync(string platformCampaignId, CreativeSplit split, CancellationToken cancellation)
    {
        string id = Checked(platformCampaignId);
        IReadOnlyList<TaggedCreative> ads = MetaAds.Rotation(await AdsAsync(id, cancellation).ConfigureAwait(false));
        IReadOnlySet<int> serve = TaggedCreatives.Plan(Channel, split, ads, MetaAds.TagHint, MetaAds.UnevenRotation);
        IReadOnlyList<TaggedCreative> now = await TaggedCreatives.SwitchAsync(ads, serve, (ad, active) => SetAdStatusAsync(ad.Id, active, cancellation)).ConfigureAwait(false);
        return await CampaignAsync(id, TaggedCreatives.Serving(now), cancellation).ConfigureAwait(false);
    }

    /// <summary>The campaign's ads (<c>GET /{campaign_id}/ads</c>), every status Meta lists, the tests' own ads included.</summary>
    private Task<IReadOnlyList<JsonNode>> AdsAsync(string campaignId, CancellationToken cancellation) =>
        api.ListAsync($"{campaignId}/ads", new Dictionary<string, string> { ["fields"] = MetaAds.Fields }, cancellation);

    private Task<JsonNode> SetAdStatusAsync(string adId, bool active, CancellationToken cancellation) =>
        api.PostAsync(adId, new Dictionary<string, string> { ["status"] = active ? "ACTIVE" : "PAUSED" }, cancellation);
}
