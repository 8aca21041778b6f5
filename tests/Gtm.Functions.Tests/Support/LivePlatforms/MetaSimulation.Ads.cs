using System.Globalization;
using System.Text.Json.Nodes;
using WireMock;

namespace Gtm.Functions.Tests.Support.LivePlatforms;

/// <summary>
/// Ads. The product does not make them: the content team attaches them (<see cref="AttachAd"/>),
/// and the product switches their <c>status</c> (<c>POST /{ad_id}</c>). <c>GET /{campaign_id}/ads</c>
/// lists a campaign's ads but deleted and archived ones, with the fields asked for. A campaign's
/// delivery is shared evenly by its active ads, each keeping its own totals, which insights at
/// <c>level=ad</c> report. (Meta weighs ads by their results; an even share is enough here, as the
/// product takes only whole switches on Meta.)
/// </summary>
public sealed partial class MetaSimulation
{
    private static readonly string[] AdFields = ["id", "name", "status"];

    private readonly List<Ad> ads = [];

    /// <summary>The content team adds an active ad to a campaign; answers its id.</summary>
    public string AttachAd(string campaignId, string name) => Changing(_ =>
    {
        string id = (nextId++).ToString(CultureInfo.InvariantCulture);
        ads.Add(new Ad(id, Find(campaignId)!.Id, name) { Status = "ACTIVE" });
        return id;
    });

    /// <summary>A campaign's ads and their status now, for a test to read between requests.</summary>
    public IReadOnlyList<(string Id, string Name, string Status)> Ads(string campaignId) =>
        Locked(() => ads.Where(a => a.CampaignId == campaignId).Select(a => (a.Id, a.Name, a.Status)).ToArray());

    protected override void Deliver(SimulatedCampaign campaign, Delivery delivery)
    {
        base.Deliver(campaign, delivery);
        Ad[] serving = [.. ads.Where(a => a.CampaignId == campaign.Id && a.Status == "ACTIVE")];
        foreach (Ad ad in serving)
        {
            ad.Totals.Add(delivery.Share(serving.Length));
        }
    }

    private Ad? FindAd(string id) => ads.FirstOrDefault(a => a.Id == id);

    private ResponseMessage ListAds(SimulatedCampaign campaign, Dictionary<string, string> query)
    {
        string[] fields = query.GetValueOrDefault("fields", "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Any(f => !AdFields.Contains(f)))
        {
            return Error(400, 100, "OAuthException", $"(#100) Tried accessing a nonexisting field of an ad in ({query.GetValueOrDefault("fields")}); the simulation has {string.Join(',', AdFields)}");
        }

        JsonArray listed = [.. ads.Where(a => a.CampaignId == campaign.Id && a.Status is not ("DELETED" or "ARCHIVED")).Select(a =>
        {
            var node = new JsonObject { ["id"] = a.Id };
            foreach (string field in fields)
            {
                node[field] = field switch { "name" => a.Name, "status" => a.Status, _ => a.Id };
            }

            return (JsonNode)node;
        })];
        return Http.Json(new JsonObject { ["data"] = listed, ["paging"] = new JsonObject() });
    }

    /// <summary>A change of an ad's status, the one change of an ad the product makes.</summary>
    private static ResponseMessage ChangeAd(Ad ad, Dictionary<string, string> form)
    {
        if (form.Keys.Any(k => k != "status") || form.GetValueOrDefault("status") is not ("ACTIVE" or "PAUSED" or "ARCHIVED" or "DELETED") || ad.Status is "DELETED")
        {
            return Error(400, 100, "OAuthException", $"Invalid parameter: the simulation changes an ad's status (ACTIVE, PAUSED, ARCHIVED, DELETED), not {string.Join(',', form.Keys)}");
        }

        ad.Status = form["status"];
        return Http.Json(new JsonObject { ["success"] = true });
    }

    /// <summary>Lifetime rows of the campaign's ads named by <c>filtering=[{"field":"ad.id","operator":"IN","value":[...]}]</c>.</summary>
    private ResponseMessage AdInsights(SimulatedCampaign campaign, Dictionary<string, string> query, string[] fields, DateTimeOffset now)
    {
        JsonNode? filter = (JsonNode.Parse(query.GetValueOrDefault("filtering", "[]")) as JsonArray) is [var only] ? only : null;
        if (filter?["field"]?.ToString() != "ad.id" || filter["operator"]?.ToString() != "IN" || filter["value"] is not JsonArray ids)
        {
            return Error(400, 100, "OAuthException", "the simulation reports ads' insights filtered by ad.id IN [...]");
        }

        JsonArray rows = [];
        foreach (string id in ids.Select(i => i?.ToString() ?? ""))
        {
            if (FindAd(id) is not { } ad || ad.CampaignId != campaign.Id)
            {
                return Error(400, 100, "OAuthException", $"ad {id} is no ad of campaign {campaign.Id}");
            }

            if (Row(ad.Totals, fields, campaign.CreatedAt, now) is { } row)
            {
                row["ad_id"] = ad.Id;
                rows.Add(row);
            }
        }

        return Http.Json(new JsonObject { ["data"] = rows, ["paging"] = new JsonObject() });
    }

    private sealed class Ad(string id, string campaignId, string name)
    {
        public string Id { get; } = id;

        public string CampaignId { get; } = campaignId;

        public string Name { get; } = name;

        public required string Status { get; set; }

        public Delivery Totals { get; } = new();
    }
}
