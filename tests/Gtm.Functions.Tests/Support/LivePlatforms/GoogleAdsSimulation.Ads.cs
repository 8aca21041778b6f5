using System.Text.Json.Nodes;
using WireMock;

namespace Gtm.Functions.Tests.Support.LivePlatforms;

/// <summary>
/// Ad groups and their responsive search ads. The product does not make them: the content team
/// adds them (<see cref="AttachAd"/>), each campaign's in one ad group that rotates its ads evenly
/// (ROTATE_FOREVER), and the product enables and pauses them (<c>adGroupAds:mutate</c>). A
/// campaign's delivery is shared evenly by its enabled ads, each keeping its own totals.
/// </summary>
public sealed partial class GoogleAdsSimulation
{
    private readonly List<Ad> ads = [];

    /// <summary>The content team adds an enabled ad to the campaign's ad group, tagged by its final URL suffix; answers its resource name.</summary>
    public string AttachAd(string campaignId, string finalUrlSuffix) => Changing(_ =>
    {
        string id = (nextId++).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var ad = new Ad($"customers/{Customer}/adGroupAds/{campaignId}9~{id}", Find(campaignId)!, $"customers/{Customer}/adGroups/{campaignId}9", finalUrlSuffix) { Status = "ENABLED" };
        ads.Add(ad);
        return ad.ResourceName;
    });

    protected override void Deliver(SimulatedCampaign campaign, Delivery delivery)
    {
        base.Deliver(campaign, delivery);
        Ad[] serving = [.. ads.Where(a => a.Campaign == campaign && a.Status == "ENABLED")];
        foreach (Ad ad in serving)
        {
            ad.Totals.Add(delivery.Share(serving.Length));
        }
    }

    private ResponseMessage MutateAd(JsonObject operation)
    {
        if (operation["update"] is not JsonObject update || operation["updateMask"]?.ToString() != "status" || update["status"]?.ToString() is not ("ENABLED" or "PAUSED" or "REMOVED"))
        {
            return Failure(400, "fieldMaskError", "FIELD_NOT_FOUND", "an ad update sets status, named in its updateMask");
        }

        if (ads.FirstOrDefault(a => a.ResourceName == update["resourceName"]?.ToString()) is not { } ad)
        {
            return Failure(400, "requestError", "RESOURCE_NAME_MALFORMED", $"no ad {update["resourceName"]}");
        }

        ad.Status = update["status"]!.ToString();
        return Done(ad.ResourceName);
    }

    private sealed class Ad(string resourceName, SimulatedCampaign campaign, string adGroup, string finalUrlSuffix)
    {
        public string ResourceName { get; } = resourceName;

        public SimulatedCampaign Campaign { get; } = campaign;

        public string AdGroup { get; } = adGroup;

        public string FinalUrlSuffix { get; } = finalUrlSuffix;

        public required string Status { get; set; }

        public Delivery Totals { get; } = new();
    }
}
