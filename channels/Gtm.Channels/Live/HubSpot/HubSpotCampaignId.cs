namespace Gtm.Channels.Live.HubSpot;

/// <summary>
/// A campaign's platform id, <c>{emailId}:{flowId}</c>: every call needs both (the workflow for
/// status and the product's state, the email for content and statistics), and carrying both spares a
/// lookup per call. The workflow also records the email's id, so a workflow found by its name alone
/// gives back the pair.
/// </summary>
internal readonly record struct HubSpotCampaignId(string EmailId, string FlowId)
{
    public override string ToString() => $"{EmailId}:{FlowId}";

    /// <summary>Both ids are HubSpot's numbers; anything else would end up in a request path.</summary>
    public static HubSpotCampaignId Parse(string platformCampaignId) =>
        platformCampaignId.Split(':') is [var email, var flow] && IsId(email) && IsId(flow)
            ? new HubSpotCampaignId(email, flow)
            : throw new ChannelRefusedException(HubSpotChannel.Name, $"'{platformCampaignId}' is not a HubSpot campaign id ({{emailId}}:{{flowId}})");

    public static bool IsId(string? value) => !string.IsNullOrEmpty(value) && value.All(char.IsAsciiDigit);
}
