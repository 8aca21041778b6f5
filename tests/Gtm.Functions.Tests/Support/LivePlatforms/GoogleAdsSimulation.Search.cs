using System.Globalization;
using System.Text.Json.Nodes;
using WireMock;

namespace Gtm.Functions.Tests.Support.LivePlatforms;

/// <summary>
/// GAQL over the account's state: rows of <c>campaign</c> (with its budget, the customer and its
/// lifetime metrics), <c>ad_group_ad</c> (with its ad group, campaign and own metrics), <c>campaign_budget</c> and <c>customer</c>, filtered by the WHERE clause and
/// holding the fields selected, nested and camelCased as the REST API writes them (int64 as strings).
/// </summary>
public sealed partial class GoogleAdsSimulation
{
    private ResponseMessage Search(string text, DateTimeOffset now)
    {
        if (GaqlQuery.Parse(text) is not { } query)
        {
            return Failure(400, "queryError", "UNEXPECTED_INPUT", $"the query '{text}' does not parse");
        }

        IEnumerable<Row> rows = query.Resource switch
        {
            "campaign" => Held.Select(c => new Row(c, budgets[budgetOfCampaign[c.Id]])),
            "campaign_budget" => budgets.Values.Select(b => new Row(null, b)),
            "customer" => [new Row(null, null)],
            "ad_group_ad" => ads.Where(a => a.Status != "REMOVED").Select(a => new Row(a.Campaign, budgets[budgetOfCampaign[a.Campaign.Id]], a)),
            _ => [],
        };
        if (query.Fields.Concat(query.Conditions.Select(c => c.Field)).FirstOrDefault(f => rows.Select(r => Value(f, r)).Any(v => v is null) || !Selectable(query.Resource, f)) is { } unknown)
        {
            return Failure(400, "queryError", "UNRECOGNIZED_FIELD", $"'{unknown}' cannot be used in a query from {query.Resource}");
        }

        JsonArray results = [];
        foreach (Row row in rows.Where(r => query.Conditions.All(c => c.Holds(Value(c.Field, r)!.ToString()))))
        {
            results.Add(Json(query.Fields, row));
            if (query.Resource == "campaign" && row.Campaign is { } campaign && query.Fields.Any(f => f.StartsWith("metrics.", StringComparison.Ordinal)))
            {
                Reported(new MetricsAnswer(now, campaign.Id, Whole(campaign.Totals.Impressions), Whole(campaign.Totals.Clicks), CurrencyUnitsOfMicros(CostMicros(campaign))));
            }
        }

        var batch = new JsonObject { ["fieldMask"] = string.Join(',', query.Fields), ["requestId"] = Guid.NewGuid().ToString("N") };
        if (results.Count > 0)
        {
            batch["results"] = results;
        }

        return Http.Json(new JsonArray(batch));
    }

    /// <summary>Metrics and the joined resources exist in campaign and ad rows; a budget's fields in budget and campaign rows.</summary>
    private static bool Selectable(string resource, string field) => field.Split('.')[0] switch
    {
        "customer" => true,
        "campaign_budget" => resource is "campaign" or "campaign_budget",
        "ad_group_ad" or "ad_group" => resource == "ad_group_ad",
        _ => resource is "campaign" or "ad_group_ad",
    };

    /// <summary>The field's value in the row, as JSON; null for a field this account does not know.</summary>
    private static JsonNode? Value(string field, Row row)
    {
        (SimulatedCampaign? c, Budget? b, Ad? ad) = (row.Campaign, row.Budget, row.Ad);
        Delivery? totals = ad?.Totals ?? c?.Totals;
        return field switch
        {
            "ad_group_ad.resource_name" when ad is not null => ad.ResourceName,
            "ad_group_ad.status" when ad is not null => ad.Status,
            "ad_group_ad.ad.final_url_suffix" when ad is not null => ad.FinalUrlSuffix,
            "ad_group.resource_name" when ad is not null => ad.AdGroup,
            "ad_group.ad_rotation_mode" when ad is not null => "ROTATE_FOREVER",
            "customer.resource_name" => $"customers/{Customer}",
            "customer.currency_code" => Currency,
            "campaign_budget.resource_name" when b is not null => b.ResourceName,
            "campaign_budget.name" when b is not null => b.Name,
            "campaign_budget.status" when b is not null => b.Status,
            "campaign_budget.amount_micros" when b is not null => Text(b.AmountMicros),
            "campaign.resource_name" when c is not null => CampaignResource(c.Id),
            "campaign.id" when c is not null => c.Id,
            "campaign.name" when c is not null => c.Name,
            "campaign.status" when c is not null => c.Status,
            "metrics.impressions" when totals is not null => Text(Whole(totals.Impressions)),
            "metrics.clicks" when totals is not null => Text(Whole(totals.Clicks)),
            "metrics.conversions" when totals is not null => Math.Round(totals.Conversions, 2),
            "metrics.cost_micros" when totals is not null => Text(CostMicros(totals)),
            "metrics.conversions_value" when totals is not null => Math.Round(totals.ConversionValue, 2),
            _ => null,
        };
    }

    /// <summary>The selected fields nested by resource, with each resource's name beside them as Google adds it.</summary>
    private static JsonObject Json(IReadOnlyList<string> fields, Row row)
    {
        var json = new JsonObject();
        foreach (string field in fields)
        {
            string[] parts = field.Split('.');
            string resource = Camel(parts[0]);
            if (json[resource] is not JsonObject node)
            {
                json[resource] = node = new JsonObject();
                if (resource != "metrics")
                {
                    node["resourceName"] = Value($"{parts[0]}.resource_name", row);
                }
            }

            // Nested fields (ad_group_ad.ad.final_url_suffix) nest as objects.
            foreach (string part in parts[1..^1])
            {
                node = node[Camel(part)] as JsonObject ?? (JsonObject)(node[Camel(part)] = new JsonObject());
            }

            node[Camel(parts[^1])] = Value(field, row);
        }

        return json;
    }

    private static string Camel(string snake)
    {
        string[] words = snake.Split('_');
        return words[0] + string.Concat(words.Skip(1).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
    }

    private static long CostMicros(SimulatedCampaign campaign) => CostMicros(campaign.Totals);

    private static long CostMicros(Delivery totals) => (long)Math.Floor(totals.Spend * 1_000_000);

    private static long Whole(double count) => (long)Math.Floor(count);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record Row(SimulatedCampaign? Campaign, Budget? Budget, Ad? Ad = null);
}
