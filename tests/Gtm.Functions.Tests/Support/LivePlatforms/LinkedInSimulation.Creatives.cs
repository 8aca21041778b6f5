using System.Globalization;
using System.Text.Json.Nodes;
using WireMock;

namespace Gtm.Functions.Tests.Support.LivePlatforms;

/// <summary>
/// Creatives and analytics. The product does not make creatives: the content team attaches them
/// (<see cref="AttachCreative"/>), and the product switches their <c>intendedStatus</c>. A
/// campaign's delivery is shared evenly by its active creatives (ROUND_ROBIN), each keeping its
/// own totals; adAnalytics answers lifetime totals per campaign or per creative, a row for each
/// that delivered, with the fields asked for.
/// </summary>
public sealed partial class LinkedInSimulation
{
    private readonly List<Creative> creatives = [];

    /// <summary>The content team adds a post to a campaign's rotation, active; answers its URN.</summary>
    public string AttachCreative(string campaignId, string name) => Changing(_ =>
    {
        string urn = $"urn:li:sponsoredCreative:{nextId++}";
        creatives.Add(new Creative(urn, Find(campaignId)!.Id, name) { IntendedStatus = "ACTIVE" });
        return urn;
    });

    protected override void Deliver(SimulatedCampaign campaign, Delivery delivery)
    {
        base.Deliver(campaign, delivery);
        Creative[] serving = [.. creatives.Where(c => c.CampaignId == campaign.Id && c.IntendedStatus == "ACTIVE")];
        foreach (Creative creative in serving)
        {
            creative.Totals.Add(delivery.Share(serving.Length));
        }
    }

    private ResponseMessage Creatives(Dictionary<string, string> query)
    {
        if (RestliText.List(query.GetValueOrDefault("campaigns")) is not { } urns)
        {
            return Error(400, "ILLEGAL_ARGUMENT", "the simulation finds creatives by campaigns=List(...)");
        }

        JsonArray found = [.. creatives.Where(c => urns.Contains($"urn:li:sponsoredCampaign:{c.CampaignId}")).Select(c => (JsonNode)new JsonObject
        {
            ["id"] = c.Urn,
            ["campaign"] = $"urn:li:sponsoredCampaign:{c.CampaignId}",
            ["intendedStatus"] = c.IntendedStatus,
            ["name"] = c.Name,
            ["isServing"] = c.IntendedStatus == "ACTIVE" && Find(c.CampaignId)?.Active == true,
        })];
        return Http.Json(new JsonObject { ["elements"] = found, ["metadata"] = new JsonObject(), ["paging"] = new JsonObject { ["start"] = 0, ["count"] = found.Count } });
    }

    private ResponseMessage PatchCreative(string urn, JsonObject? body)
    {
        string? status = body?["patch"]?["$set"]?["intendedStatus"]?.ToString();
        if (creatives.FirstOrDefault(c => c.Urn == urn) is not { } creative)
        {
            return NotFound($"creative {urn}");
        }

        if (status is not ("ACTIVE" or "PAUSED" or "ARCHIVED") || body!["patch"]!["$set"]!.AsObject().Count != 1)
        {
            return Error(400, "ILLEGAL_ARGUMENT", "a creative patch sets intendedStatus");
        }

        creative.IntendedStatus = status;
        return Http.Empty(204);
    }

    private ResponseMessage Analytics(Dictionary<string, string> query, DateTimeOffset now)
    {
        string pivot = query.GetValueOrDefault("pivot", "");
        IReadOnlyList<string>? urns = RestliText.List(query.GetValueOrDefault(pivot == "CAMPAIGN" ? "campaigns" : "creatives"));
        string[] fields = query.GetValueOrDefault("fields", "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (query.GetValueOrDefault("q") != "analytics" || pivot is not ("CAMPAIGN" or "CREATIVE") || urns is null || query.GetValueOrDefault("timeGranularity") != "ALL"
            || RestliText.Start(query.GetValueOrDefault("dateRange")) is not { } start || fields.Length == 0)
        {
            return Error(400, "ILLEGAL_ARGUMENT", "the simulation reports analytics=ALL by CAMPAIGN or CREATIVE since a start date, with fields");
        }

        JsonArray rows = [];
        foreach (string urn in urns)
        {
            (SimulatedCampaign? campaign, Delivery? totals) = pivot == "CAMPAIGN" ? CampaignTotals(urn) : CreativeTotals(urn);
            if (campaign is null || totals is null)
            {
                return NotFound(urn);
            }

            if (start > DateOnly.FromDateTime(campaign.CreatedAt.UtcDateTime))
            {
                return Error(400, "ILLEGAL_ARGUMENT", "the simulation keeps lifetime totals: the range starts on the campaign's creation day at the latest");
            }

            if (Row(totals, fields, urn) is not { } row)
            {
                return Error(400, "ILLEGAL_ARGUMENT", $"unknown field in {string.Join(',', fields)}");
            }

            if (pivot == "CAMPAIGN")
            {
                Reported(new MetricsAnswer(now, campaign.Id, (long)Math.Floor(totals.Impressions), (long)Math.Floor(totals.Clicks), Money(totals.Spend)));
            }

            if (totals.Impressions >= 1)
            {
                rows.Add(row);
            }
        }

        return Http.Json(new JsonObject { ["elements"] = rows, ["paging"] = new JsonObject { ["start"] = 0, ["count"] = 10 } });
    }

    private (SimulatedCampaign?, Delivery?) CampaignTotals(string urn)
    {
        SimulatedCampaign? campaign = Find(urn.Replace("urn:li:sponsoredCampaign:", "", StringComparison.Ordinal));
        return (campaign, campaign?.Totals);
    }

    private (SimulatedCampaign?, Delivery?) CreativeTotals(string urn)
    {
        Creative? creative = creatives.FirstOrDefault(c => c.Urn == urn);
        return (creative is null ? null : Find(creative.CampaignId), creative?.Totals);
    }

    /// <summary>The fields asked for, counts as numbers and money as decimal strings; null when a field is not one the simulation reports.</summary>
    private static JsonObject? Row(Delivery totals, string[] fields, string urn)
    {
        var row = new JsonObject { ["pivotValues"] = new JsonArray(urn) };
        foreach (string field in fields)
        {
            JsonNode? value = field switch
            {
                "impressions" => (long)Math.Floor(totals.Impressions),
                "clicks" => (long)Math.Floor(totals.Clicks),
                "oneClickLeads" => (long)Math.Floor(totals.Leads),
                "externalWebsiteConversions" => (long)Math.Floor(totals.Conversions),
                "costInLocalCurrency" => Money(totals.Spend).ToString(CultureInfo.InvariantCulture),
                "conversionValueInLocalCurrency" => Money(totals.ConversionValue).ToString(CultureInfo.InvariantCulture),
                _ => null,
            };
            if (value is null)
            {
                return null;
            }

            row[field] = value;
        }

        return row;
    }

    /// <summary>Money as LinkedIn reports it, to the millionth.</summary>
    private static decimal Money(double amount) => Math.Round((decimal)amount, 6, MidpointRounding.ToZero);

    private sealed class Creative(string urn, string campaignId, string name)
    {
        public string Urn { get; } = urn;

        public string CampaignId { get; } = campaignId;

        public string Name { get; } = name;

        public required string IntendedStatus { get; set; }

        public Delivery Totals { get; } = new();
    }
}
