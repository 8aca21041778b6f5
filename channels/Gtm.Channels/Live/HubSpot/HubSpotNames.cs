using System.Security.Cryptography;
using System.Text;

namespace Gtm.Channels.Live.HubSpot;

/// <summary>
/// The email and the workflow of a campaign share one name, which carries the product's ids and a
/// tag derived from the provisioning idempotency key: <c>{name} · {venture}/{campaign} · gtm-{16 hex}</c>.
/// HubSpot has no external-id field on either, so the tag is how a create whose answer was lost is
/// found again.
/// </summary>
internal static class HubSpotNames
{
    public static string Tag(string idempotencyKey) => "gtm-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..16];

    public static string For(ProvisionRequest request, string tag) => $"{request.Name} · {request.VentureId}/{request.CampaignId} · {tag}";

    public static bool IsTagged(string? name, string tag) => name is not null && name.EndsWith(" · " + tag, StringComparison.Ordinal);

    /// <summary>
    /// How the campaign is known on HubSpot's contacts: the audience's <c>gtm_audience</c> and the
    /// leads' <c>gtm_campaign</c> hold it. The venture qualifies the campaign id, which is unique
    /// within a venture only.
    /// </summary>
    public static string ContactKey(string ventureId, string campaignId) => $"{ventureId}/{campaignId}";
}
