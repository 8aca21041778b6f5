using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Gtm.Channels.Live.LinkedIn;

/// <summary>
/// A campaign's name carries the product's ids and a tag derived from the provisioning
/// idempotency key: <c>{name} · {venture}/{campaign} · gtm-{16 hex}</c>. LinkedIn lets two campaigns
/// share a name, so the name is how a create whose answer was lost is found again: the same key
/// always gives the same name. It is kept within LinkedIn's 255 bytes (UTF-8) by shortening the
/// free-text part, never the ids or the tag.
/// </summary>
internal static partial class LinkedInCampaignName
{
    private const int MaxBytes = 255;

    public static string Tag(string idempotencyKey) => "gtm-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..16];

    public static string For(ProvisionRequest request)
    {
        string suffix = $" · {request.VentureId}/{request.CampaignId} · {Tag(request.IdempotencyKey)}";
        string name = request.Name.Trim();
        while (name.Length > 0 && Encoding.UTF8.GetByteCount(name + suffix) > MaxBytes)
        {
            // Never leave half of a surrogate pair behind.
            name = name[..(char.IsLowSurrogate(name[^1]) && name.Length > 1 ? ^2 : ^1)].TrimEnd();
        }

        return name + suffix;
    }

    /// <summary>The venture and campaign ids in a name this product gave; empty for a campaign made elsewhere.</summary>
    public static (string VentureId, string CampaignId) Ids(string name) =>
        Pattern().Match(name) is { Success: true } match ? (match.Groups["venture"].Value, match.Groups["campaign"].Value) : ("", "");

    [GeneratedRegex(@" · (?<venture>[^/]+)/(?<campaign>.+) · gtm-[0-9a-f]{16}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
