using System.Text.Json.Nodes;
using Gtm.Channels.Live.Creatives;

namespace Gtm.Channels.Live.LinkedIn;

/// <summary>
/// A LinkedIn campaign's creatives as <see cref="TaggedCreatives"/>. The product does not make
/// them: they are posts made in Campaign Manager or by the content team, each naming its content
/// generation with <c>gtm-gen-{n}</c>, switched by their <c>intendedStatus</c>. LinkedIn rotates a
/// campaign's active creatives evenly (the campaign is created with <c>creativeSelection</c>
/// ROUND_ROBIN), so a candidate's share of the rotation is known.
/// </summary>
internal static class LinkedInCreatives
{
    public const string TagHint = "the creative's name";

    /// <summary>The creatives in the rotation; drafts, archived and deleted ones are left alone.</summary>
    public static IReadOnlyList<TaggedCreative> Read(IEnumerable<JsonNode> elements) =>
        [.. elements
            .Select(e => (Urn: e["id"]?.ToString() ?? "", Status: e["intendedStatus"]?.ToString(), Name: e["name"]?.ToString()))
            .Where(e => e.Urn.Length > 0 && e.Status is "ACTIVE" or "PAUSED")
            .Select(e => new TaggedCreative(e.Urn, TaggedCreatives.Generation(e.Name), e.Status == "ACTIVE"))];
}
