using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Gtm.Channels.Live.GoogleAds;

/// <summary>
/// A campaign's name carries the product's ids and a tag derived from the provisioning
/// idempotency key: <c>{name} · {venture}/{campaign} · gtm-{16 hex}</c>. Google keeps campaign
/// names unique in an account, so a retried create is refused as a duplicate and a GAQL search on
/// the tag finds the campaign a lost answer had created. The tag is hex, free of GAQL LIKE's
/// wildcards and escapes (<c>% _ [ ]</c>).
/// </summary>
internal static partial class GoogleAdsCampaignName
{
    public static string Tag(string idempotencyKey) => "gtm-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..16];

    public static string For(ProvisionRequest request) => $"{request.Name} · {request.VentureId}/{request.CampaignId} · {Tag(request.IdempotencyKey)}";

    /// <summary>The budget is named by the tag alone, so a retried provisioning finds and reuses it.</summary>
    public static string Budget(string tag) => $"{tag} daily budget";

    /// <summary>The venture and campaign ids in a name this product gave; empty for a campaign made elsewhere.</summary>
    public static (string VentureId, string CampaignId) Ids(string name) =>
        Pattern().Match(name) is { Success: true } match ? (match.Groups["venture"].Value, match.Groups["campaign"].Value) : ("", "");

    [GeneratedRegex(@" · (?<venture>[^/]+)/(?<campaign>.+) · gtm-[0-9a-f]{16}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
