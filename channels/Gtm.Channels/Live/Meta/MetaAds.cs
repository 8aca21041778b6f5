using System.Text.Json.Nodes;
using Gtm.Channels.Live.Creatives;

namespace Gtm.Channels.Live.Meta;

/// <summary>
/// A Meta campaign's ads as <see cref="TaggedCreatives"/>. The product does not make them: the
/// content team does, naming each ad's content generation with <c>gtm-gen-{n}</c>, and the product
/// switches their <c>status</c>. The ads an A/B test made for its variants (<see cref="MetaTestNames"/>)
/// are the test's, not the rotation's, so they are left out.
/// </summary>
internal static class MetaAds
{
    public const string TagHint = "the ad's name";

    public const string Fields = "id,name,status";

    /// <summary>
    /// Meta delivers a campaign's active ads by their predicted results, not in turn, so no share of
    /// the audience can be held for a candidate beside the current content; a whole switch can.
    /// </summary>
    public const string UnevenRotation = "Meta delivers a campaign's active ads by their predicted results, not in an even rotation, so a share cannot be held; serve one generation alone, or run an A/B test (a Meta split test) to split the audience";

    /// <summary>The ads in the rotation; archived and deleted ones, and A/B tests' own ads, are left alone.</summary>
    public static IReadOnlyList<TaggedCreative> Rotation(IEnumerable<JsonNode> ads) =>
        [.. ads
            .Select(a => (Id: a["id"]?.ToString() ?? "", Status: a["status"]?.ToString(), Name: a["name"]?.ToString()))
            .Where(a => a.Id.Length > 0 && a.Status is "ACTIVE" or "PAUSED" && !MetaTestNames.IsTestObject(a.Name))
            .Select(a => new TaggedCreative(a.Id, TaggedCreatives.Generation(a.Name), a.Status == "ACTIVE"))];
}
