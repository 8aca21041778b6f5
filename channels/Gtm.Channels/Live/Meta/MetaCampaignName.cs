using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Gtm.Channels.Live.Meta;

/// <summary>
/// A campaign's name carries the product's ids and a tag derived from the provisioning
/// idempotency key: <c>{name} · {venture}/{campaign} · gtm-{16 hex}</c>. Meta does not keep names
/// unique, so the tag is how a provisioning whose answer was lost finds the campaign it created
/// (a <c>filtering</c> on the name) instead of making a second one.
/// </summary>
internal static partial class MetaCampaignName
{
    public static string Tag(string idempotencyKey) => "gtm-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..16];

    public static string For(ProvisionRequest request) => $"{request.Name} · {request.VentureId}/{request.CampaignId} · {Tag(request.IdempotencyKey)}";

    /// <summary>Whether <paramref name="name"/> ends with <paramref name="tag"/>: a CONTAIN filter also matches a name that merely quotes it.</summary>
    public static bool HasTag(string name, string tag) => name.EndsWith(" · " + tag, StringComparison.Ordinal);

    /// <summary>The venture and campaign ids in a name this product gave; empty for a campaign made elsewhere.</summary>
    public static (string VentureId, string CampaignId) Ids(string name) =>
        Pattern().Match(name) is { Success: true } match ? (match.Groups["venture"].Value, match.Groups["campaign"].Value) : ("", "");

    [GeneratedRegex(@" · (?<venture>[^/]+)/(?<campaign>.+) · gtm-[0-9a-f]{16}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
