using System.Globalization;
using System.Text.Json.Nodes;
using WireMock;

namespace Gtm.Functions.Tests.Support.LivePlatforms;

/// <summary>
/// <c>GET /{campaign_id}/insights</c> over the lifetime (<c>date_preset=maximum</c>): one row of
/// the fields asked for, counts and money as strings, leads and purchases among the actions (an
/// action Meta did not see is left out), their value and ROAS; no row before anything was
/// delivered. At <c>level=ad</c>, a row per ad of the <c>ad.id IN</c> filter that delivered, with its <c>ad_id</c>.
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

        if (query.TryGetValue("level", out string? level))
        {
            return level == "ad" ? AdInsights(campaign, query, fields, now) : Error(400, 100, "OAuthException", "the simulation reports insights by campaign or by ad");
        }

        Delivery totals = campaign.Totals;
        Reported(new MetricsAnswer(now, campaign.Id, Whole(totals.Impressions), Whole(totals.Clicks), Money(totals.Spend)));
        JsonArray rows = Row(totals, fields, campaign.CreatedAt, now) is { } row ? [row] : [];
        return Http.Json(new JsonObject { ["data"] = rows, ["paging"] = new JsonObject() });
    }

    /// <summary>The fields asked for of what <paramref name="totals"/> delivered; null when it delivered nothing Meta would report.</summary>
    private static JsonObject? Row(Delivery totals, string[] fields, DateTimeOffset since, DateTimeOffset now)
    {
        long impressions = Whole(totals.Impressions), clicks = Whole(totals.Clicks);
        if (impressions == 0)
        {
            return null;
        }

        decimal spend = Money(totals.Spend);
        decimal value = Money(totals.ConversionValue);
        var row = new JsonObject();
        foreach (string field in fields)
        {
            row[field] = field switch
            {
                "spend" => Amount(spend),
                "impressions" => Count(impressions),
                "clicks" => Count(clicks),
                "actions" => Actions(("link_click", Count(clicks)), ("lead", Count(Whole(totals.Leads))), ("omni_purchase", Count(Whole(totals.Conversions))), ("purchase", Count(Whole(totals.Conversions)))),
                "action_values" => Actions(("omni_purchase", Amount(value)), ("purchase", Amount(value))),
                _ => Actions(("omni_purchase", spend == 0 ? "0" : (value / spend).ToString("0.######", CultureInfo.InvariantCulture))),
            };
        }

        row["date_start"] = since.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        row["date_stop"] = now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return row;
    }

    private static JsonArray Actions(params (string Type, string Value)[] actions) =>
        [.. actions.Where(a => a.Value is not ("0" or "0.00")).Select(a => (JsonNode)new JsonObject { ["action_type"] = a.Type, ["value"] = a.Value })];

    private static long Whole(double count) => (long)Math.Floor(count);

    private static decimal Money(double amount) => Math.Round((decimal)amount, 2, MidpointRounding.ToZero);

    private static string Count(long count) => count.ToString(CultureInfo.InvariantCulture);

    private static string Amount(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
}
