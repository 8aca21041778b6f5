using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Gtm.Channels.Live.HubSpot;

/// <summary>
/// What the product keeps about a campaign that HubSpot has no field for, in the workflow's
/// <c>customProperties</c> (a string map HubSpot stores with the workflow and returns on every read):
/// the product's ids, the email's id, the daily budget the product allocated, the content generation
/// served, the variants promoted by ended tests and the A/B test under way.
/// </summary>
/// <param name="BudgetMinorUnits">
/// The product's daily budget for the campaign in the currency's minor units. HubSpot charges
/// nothing per send and has no budget to set, so this is the product's own record, reported as
/// such (unit <see cref="BudgetUnit"/>), never a spend limit HubSpot enforces.
/// </param>
/// <param name="VariationEmailIds">Every A/B variation the email has had: their sends count in the campaign's totals.</param>
internal sealed record HubSpotCampaignState(
    string Tag,
    string VentureId,
    string CampaignId,
    string EmailId,
    string Currency,
    long BudgetMinorUnits,
    int Creative,
    IReadOnlyDictionary<string, string> Served,
    HubSpotTest? Test,
    IReadOnlyList<string> VariationEmailIds)
{
    public const string BudgetUnit = "recorded_minor_units";

    private const string Prefix = "gtm_";

    public JsonObject ToProperties()
    {
        var properties = new JsonObject
        {
            [Prefix + "tag"] = Tag,
            [Prefix + "venture_id"] = VentureId,
            [Prefix + "campaign_id"] = CampaignId,
            [Prefix + "email_id"] = EmailId,
            [Prefix + "currency"] = Currency,
            [Prefix + "daily_budget_minor_units"] = Text(BudgetMinorUnits),
            [Prefix + "content_generation"] = Text(Creative),
            [Prefix + "served"] = JsonSerializer.Serialize(Served),
            [Prefix + "variation_email_ids"] = string.Join(',', VariationEmailIds),
        };
        if (Test is { } test)
        {
            properties[Prefix + "test"] = JsonSerializer.Serialize(test);
        }

        return properties;
    }

    /// <summary>The state in a workflow's custom properties; null for a workflow this product did not make.</summary>
    public static HubSpotCampaignState? FromProperties(JsonNode? properties)
    {
        string? Get(string name) => properties?[Prefix + name]?.GetValue<string>();
        if (Get("tag") is not { } tag || Get("email_id") is not { } emailId)
        {
            return null;
        }

        return new HubSpotCampaignState(
            tag,
            Get("venture_id") ?? "",
            Get("campaign_id") ?? "",
            emailId,
            Get("currency") ?? "",
            long.Parse(Get("daily_budget_minor_units") ?? "0", CultureInfo.InvariantCulture),
            int.Parse(Get("content_generation") ?? "1", CultureInfo.InvariantCulture),
            Get("served") is { } served ? JsonSerializer.Deserialize<Dictionary<string, string>>(served)! : new Dictionary<string, string>(),
            Get("test") is { } test ? JsonSerializer.Deserialize<HubSpotTest>(test) : null,
            Get("variation_email_ids") is { Length: > 0 } variations ? variations.Split(',') : []);
    }

    public string ContactKey => HubSpotNames.ContactKey(VentureId, CampaignId);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// An A/B test of the email: the control is the email itself, the variant HubSpot's variation of it
/// (a second email). The email's counters when the test began are kept, so the control counts from
/// the start of the test as the variation does.
/// </summary>
/// <param name="Winner">The variant served to everyone since the test ended; null while it runs.</param>
internal sealed record HubSpotTest(
    string TestId,
    string Element,
    string ControlId,
    string VariantId,
    string VariationEmailId,
    long DeliveredBefore,
    long ClicksBefore,
    string? Winner = null)
{
    [JsonIgnore]
    public bool Running => Winner is null;
}
