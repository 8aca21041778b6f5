using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Gtm.Channels.Live;

/// <summary>
/// The name a campaign gets on every platform: <c>{name} · {venture}/{campaign} · gtm-{16 hex}</c>,
/// the product's ids and a tag derived from the provisioning idempotency key. The same key always
/// gives the same name, so a create whose answer was lost is found again by its tag, on platforms
/// that keep names unique (Google Ads) and on those that do not (Meta, LinkedIn, HubSpot). The tag
/// is hex: free of the wildcards and escapes of the platforms' name filters.
/// </summary>
internal static partial class CampaignName
{
    public static string Tag(string idempotencyKey) => "gtm-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..16];

    /// <param name="maxUtf8Bytes">A platform's limit on names; the free text is shortened to fit, never the ids or the tag.</param>
    public static string For(ProvisionRequest request, int maxUtf8Bytes = int.MaxValue)
    {
        string suffix = $" · {request.VentureId}/{request.CampaignId} · {Tag(request.IdempotencyKey)}";
        string name = request.Name.Trim();
        while (name.Length > 0 && Encoding.UTF8.GetByteCount(name + suffix) > maxUtf8Bytes)
        {
            // Never leave half of a surrogate pair behind.
            name = name[..(char.IsLowSurrogate(name[^1]) && name.Length > 1 ? ^2 : ^1)].TrimEnd();
        }

        return name + suffix;
    }

    /// <summary>Whether <paramref name="name"/> ends with <paramref name="tag"/>: a platform's "contains" filter also matches a name that merely quotes it.</summary>
    public static bool HasTag(string? name, string tag) => name is not null && name.EndsWith(" · " + tag, StringComparison.Ordinal);

    /// <summary>The venture and campaign ids in a name this product gave; empty for a campaign made elsewhere.</summary>
    public static (string VentureId, string CampaignId) Ids(string name) =>
        Pattern().Match(name) is { Success: true } match ? (match.Groups["venture"].Value, match.Groups["campaign"].Value) : ("", "");

    [GeneratedRegex(@" · (?<venture>[^/]+)/(?<campaign>.+) · gtm-[0-9a-f]{16}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
