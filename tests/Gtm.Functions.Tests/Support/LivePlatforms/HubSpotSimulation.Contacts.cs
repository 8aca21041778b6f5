using System.Globalization;
using System.Text.Json.Nodes;
using WireMock;

namespace Gtm.Functions.Tests.Support.LivePlatforms;

/// <summary>
/// The contacts a campaign's emails bring, and HubSpot's contacts search over them. An enabled
/// workflow whose email is published enrols its audience a share each market day, each contact
/// sent the email once; every lead its clicks bring is a contact created then with the campaign's
/// <c>gtm_campaign</c>, and the first of them become opportunities as conversions come. The search
/// takes one filter group of EQ, GTE and IN filters and answers the total with the first page.
/// </summary>
public sealed partial class HubSpotSimulation
{
    /// <summary>The contacts whose <c>gtm_audience</c> names a campaign, as the audience is loaded into HubSpot.</summary>
    private const double AudiencePerCampaign = 6_000;

    /// <summary>The share of the audience a workflow enrols each market day.</summary>
    private const double EnrolledPerDay = 0.4;

    private readonly List<Dictionary<string, string>> contacts = [];

    protected override Delivery? Delivered(SimulatedCampaign campaign, double marketDays)
    {
        Flow flow = flows[campaign.Id];
        double left = AudiencePerCampaign - campaign.Totals.Impressions;
        return campaign.Active && emails[flow.EmailId].Published && left > 0
            ? Rates.ForSends(Math.Min(left, AudiencePerCampaign * EnrolledPerDay * marketDays))
            : null;
    }

    protected override void Deliver(SimulatedCampaign campaign, Delivery delivery)
    {
        base.Deliver(campaign, delivery);
        string key = Key(flows[campaign.Id]);
        List<Dictionary<string, string>> leads = [.. contacts.Where(c => c.GetValueOrDefault("gtm_campaign") == key)];
        long now = campaign.AccruedTo.ToUnixTimeMilliseconds();
        for (long n = leads.Count; n < (long)Math.Floor(campaign.Totals.Leads); n++)
        {
            var lead = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["hs_object_id"] = (nextId++).ToString(CultureInfo.InvariantCulture),
                ["gtm_campaign"] = key,
                ["createdate"] = now.ToString(CultureInfo.InvariantCulture),
                ["lifecyclestage"] = "lead",
            };
            contacts.Add(lead);
            leads.Add(lead);
        }

        foreach (Dictionary<string, string> lead in leads.Take((int)Math.Floor(campaign.Totals.Conversions)))
        {
            lead["lifecyclestage"] = "opportunity";
        }
    }

    private ResponseMessage SearchContacts(JsonObject? body)
    {
        JsonArray? groups = body?["filterGroups"] as JsonArray;
        if (groups is not { Count: 1 } || groups[0]?["filters"] is not JsonArray filters)
        {
            return Error(400, "VALIDATION_ERROR", "the simulation searches contacts with one filter group");
        }

        List<Func<Dictionary<string, string>, bool>> tests = [];
        foreach (JsonNode? filter in filters)
        {
            if (Test(filter) is not { } test)
            {
                return Error(400, "VALIDATION_ERROR", $"the simulation filters by EQ, GTE (numbers) and IN, not {filter?.ToJsonString()}");
            }

            tests.Add(test);
        }

        Dictionary<string, string>[] found = [.. contacts.Where(c => tests.All(t => t(c)))];
        int limit = body!["limit"]?.GetValue<int>() ?? 10;
        string[] properties = [.. (body["properties"] as JsonArray ?? []).Select(p => p!.ToString())];
        JsonArray results = [.. found.Take(limit).Select(c => (JsonNode)new JsonObject
        {
            ["id"] = c["hs_object_id"],
            ["properties"] = new JsonObject(properties.Where(c.ContainsKey).Select(p => KeyValuePair.Create(p, (JsonNode?)c[p]))),
            ["archived"] = false,
        })];
        return Http.Json(new JsonObject { ["total"] = found.Length, ["results"] = results });
    }

    private static Func<Dictionary<string, string>, bool>? Test(JsonNode? filter)
    {
        string property = filter?["propertyName"]?.ToString() ?? "";
        string? value = filter?["value"]?.ToString();
        string[] values = [.. (filter?["values"] as JsonArray ?? []).Select(v => v!.ToString())];
        return filter?["operator"]?.ToString() switch
        {
            "EQ" when value is not null => c => c.GetValueOrDefault(property) == value,
            "GTE" when long.TryParse(value, CultureInfo.InvariantCulture, out long floor) =>
                c => long.TryParse(c.GetValueOrDefault(property), CultureInfo.InvariantCulture, out long number) && number >= floor,
            "IN" when values.Length > 0 => c => values.Contains(c.GetValueOrDefault(property)),
            _ => null,
        };
    }

    /// <summary>How the campaign is known on contacts: the workflow enrols <c>gtm_audience</c> equal to it, and its leads carry it.</summary>
    private static string Key(Flow flow) =>
        flow.Definition["enrollmentCriteria"]?["listFilterBranch"]?["filterBranches"]?[0]?["filters"]?[0]?["operation"]?["values"]?[0]?.ToString() ?? "";
}
