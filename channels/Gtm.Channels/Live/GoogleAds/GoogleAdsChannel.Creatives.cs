using System.Text.Json.Nodes;
using Gtm.Channels.Live.Creatives;

namespace Gtm.Channels.Live.GoogleAds;

/// <summary>
/// Which content a campaign serves. The content team makes the campaign's ad group and its
/// responsive search ads; each ad names its content generation with <c>gtm-gen-{n}</c> in its final
/// URL suffix (where it also tags the landing page's analytics, e.g. <c>utm_content=gtm-gen-2</c>),
/// and the product enables and pauses them (<c>adGroupAds:mutate</c>, <c>updateMask</c> status).
/// Google rotates an ad group's enabled ads evenly only when the ad group's rotation is
/// ROTATE_FOREVER and the ads share one ad group; otherwise it favours the ads it expects to do
/// best, so a candidate's share cannot be held and only whole switches are taken.
/// </summary>
internal sealed partial class GoogleAdsChannel
{
    private const string TagHint = "the ad's final URL suffix";

    public async Task<PlatformCampaign> SetCreativesAsync(string platformCampaignId, CreativeSplit split, CancellationToken cancellation)
    {
        JsonNode row = await RowAsync(platformCampaignId, cancellation).ConfigureAwait(false);
        IReadOnlyList<JsonNode> ads = await AdsAsync(platformCampaignId, cancellation).ConfigureAwait(false);
        IReadOnlyList<TaggedCreative> creatives = Creatives(ads);
        IReadOnlySet<int> serve = TaggedCreatives.Plan(Channel, split, creatives, TagHint, UnevenRotation(ads));
        IReadOnlyList<TaggedCreative> now = await TaggedCreatives.SwitchAsync(creatives, serve, (ad, active) =>
        {
            var update = new JsonObject { ["resourceName"] = ad.Id, ["status"] = active ? "ENABLED" : "PAUSED" };
            return api.MutateAsync("adGroupAds", new JsonObject { ["update"] = update, ["updateMask"] = "status" }, cancellation);
        }).ConfigureAwait(false);
        return ToCampaign(row, TaggedCreatives.Serving(now));
    }

    /// <summary>The campaign's ads that are enabled or paused, with their tags, ad groups and the ad groups' rotation.</summary>
    private async Task<IReadOnlyList<JsonNode>> AdsAsync(string platformCampaignId, CancellationToken cancellation, string metrics = "") =>
        await api.SearchAsync(
            $"SELECT ad_group_ad.resource_name, ad_group_ad.status, ad_group_ad.ad.final_url_suffix, ad_group.resource_name, ad_group.ad_rotation_mode{metrics} "
            + $"FROM ad_group_ad WHERE campaign.id = {Checked(platformCampaignId)} AND ad_group_ad.status != 'REMOVED'",
            cancellation).ConfigureAwait(false);

    private static IReadOnlyList<TaggedCreative> Creatives(IReadOnlyList<JsonNode> ads) =>
        [.. ads.Select(a => new TaggedCreative(
            a["adGroupAd"]?["resourceName"]?.ToString() ?? "",
            TaggedCreatives.Generation(a["adGroupAd"]?["ad"]?["finalUrlSuffix"]?.ToString()),
            a["adGroupAd"]?["status"]?.ToString() == "ENABLED"))
            .Where(c => c.Id.Length > 0)];

    /// <summary>Why Google would not rotate the ads evenly, or null when it does.</summary>
    private static string? UnevenRotation(IReadOnlyList<JsonNode> ads)
    {
        string[] groups = [.. ads.Select(a => a["adGroup"]?["resourceName"]?.ToString() ?? "").Distinct()];
        if (groups.Length > 1)
        {
            return $"its ads are in {groups.Length} ad groups, between which Google's auction chooses; an even rotation needs them in one";
        }

        return ads.Any(a => a["adGroup"]?["adRotationMode"]?.ToString() != "ROTATE_FOREVER")
            ? "its ad group's rotation is not ROTATE_FOREVER, so Google favours the ads it expects to do best"
            : null;
    }
}
