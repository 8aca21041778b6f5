using System.Globalization;
using System.Text.Json.Nodes;
using WireMock;

namespace Gtm.Functions.Tests.Support.LivePlatforms;

/// <summary>
/// <c>GET /{campaign_id}/insights</c> over the campaign's lifetime (<c>date_preset=maximum</c>):
/// one row of the fields asked for, counts and money as strings, leads and purchases among the
/// actions (an action Meta did not see is left out), their value and ROAS; no row before the
/// campaign delivered anything.
/// </summary>
public sealed partial class MetaSimulation
{
    private static readonly string[] InsightFields = ["spend", "impressions", "clicks", "actions", "action_values", "purchase_roas"];

    private ResponseMessage Insights(SimulatedCampaign campaign, Dictionary<string, string> query, DateTimeOffset now)
    {
        string[] fields = query.GetValueOrDefault("fields", "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (query.GetValueOrDefault("date_preset") != "maximum" || fields.Length == 0 || fields.Any(f => !InsightFields.Contains(f)))
        {
            return Error(400, 100, "OAuthException", $"the simulation reports lifetime insights (date_preset=maximum) of {string.Join(',', InsightFields)}");
        }

        Delivery totals = campaign.Totals;
        long impressions = Whole(totals.Impressions), clicks = Whole(totals.Clicks);
        decimal spend = Math.Round((decimal)totals.Spend, 2, MidpointRounding.ToZero);
        Reported(new MetricsAnswer(now, campaign.Id, impressions, clicks, spend));
        if (impressions == 0)
        {
            return Http.Json(new JsonObject { ["data"] = new JsonArray(), ["paging"] = new JsonObject() });
        }

        decimal value = Math.Round((decimal)totals.ConversionValue, 2, MidpointRounding.ToZero);
        var row = new JsonObject();
        foreach (string field in fields)
        {
            row[field] = field switch
            {
                "spend" => Money(spend),
                "impressions" => Count(impressions),
                "clicks" => Count(clicks),
                "actions" => Actions(("link_click", Count(clicks)), ("lead", Count(Whole(totals.Leads))), ("omni_purchase", Count(Whole(totals.Conversions))), ("purchase", Count(Whole(totals.Conversions)))),
                "action_values" => Actions(("omni_purchase", Money(value)), ("purchase", Money(value))),
                _ => Actions(("omni_purchase", spend == 0 ? "0" : (value / spend).ToString("0.######", CultureInfo.InvariantCulture))),
            };
        }

        row["date_start"] = campaign.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        row["date_stop"] = now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return Http.Json(new JsonObject { ["data"] = new JsonArray(row), ["paging"] = new JsonObject() });
    }

    private static JsonArray Actions(params (string Type, string Value)[] actions) =>
        [.. actions.Where(a => a.Value is not ("0" or "0.00")).Select(a => (JsonNode)new JsonObject { ["action_type"] = a.Type, ["value"] = a.Value })];

    private static long Whole(double count) => (long)Math.Floor(count);

    private static string Count(long count) => count.ToString(CultureInfo.InvariantCulture);

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
}
