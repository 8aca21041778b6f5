namespace Gtm.Channels.Live.HubSpot;

/// <summary>
/// The email and the workflow of a campaign share one name (<see cref="CampaignName"/>): HubSpot
/// has no external-id field on either, so the tag is how a create whose answer was lost is found
/// again.
/// </summary>
internal static class HubSpotNames
{
    /// <summary>
    /// How the campaign is known on HubSpot's contacts: the audience's <c>gtm_audience</c> and the
    /// leads' <c>gtm_campaign</c> hold it. The venture qualifies the campaign id, which is unique
    /// within a venture only.
    /// </summary>
    public static string ContactKey(string ventureId, string campaignId) => $"{ventureId}/{campaignId}";
}
