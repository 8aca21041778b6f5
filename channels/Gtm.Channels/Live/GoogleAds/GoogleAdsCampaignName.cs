namespace Gtm.Channels.Live.GoogleAds;

/// <summary>
/// Google keeps campaign names unique in an account (see <see cref="CampaignName"/>), so a retried
/// create is refused as a duplicate and a GAQL search on the tag finds the campaign a lost answer
/// had created. The campaign's budget is named by the tag alone, so a retried provisioning finds
/// and reuses it.
/// </summary>
internal static class GoogleAdsCampaignName
{
    public static string Budget(string tag) => $"{tag} daily budget";
}
