using System.Text.Json;
using System.Text.Json.Nodes;
using Gtm.Domain.Ventures;

namespace Gtm.Testing.Scorecard;

/// <summary>
/// The mistakes people make filling in a venture's kickoff, each applied to a correct body: a
/// typo in a field name or a currency, shares that do not add up, a segment in a region the
/// strategy does not sell to, a channel the team has not enabled, a budget with a sign slip.
/// The entry gates must refuse every one of them; a mistake that got through would fail the
/// venture downstream.
/// </summary>
public static class RealisticMistakes
{
    private static readonly (string Kind, Action<JsonObject, Random> Apply)[] Mistakes =
    [
        ("misspelt_field", (body, _) => Rename(body, "marketing_channels", "marketing_chanels")),
        ("currency_name_not_code", (body, _) => Strategy(body)["total_budget"]!["currency"] = "Euro"),
        ("negative_budget", (body, _) => Strategy(body)["total_budget"]!["amount"] = -Math.Abs(Strategy(body)["total_budget"]!["amount"]!.GetValue<decimal>())),
        ("floors_over_100_percent", (body, _) => Each(body["marketing_channels"]!, c => c["min_budget_share"] = body["marketing_channels"]!.AsArray().Count == 1 ? 1.2 : 0.6)),
        ("minimum_and_maximum_swapped", (body, random) =>
        {
            JsonNode channel = Pick(body["marketing_channels"]!, random);
            (channel["min_budget_share"], channel["max_budget_share"]) = (0.7, 0.3);
        }),
        ("segment_outside_regions", (body, random) => Pick(body["customer_segments"]!, random)["geography"] = new JsonArray("BR")),
        ("preferred_channel_not_listed", (body, random) => Pick(body["customer_segments"]!, random)["preferred_channels"] = new JsonArray("tiktok")),
        ("unknown_segment_type", (body, _) => Strategy(body)["segment_type"] = "enterprise"),
        ("horizon_too_short", (body, _) => Strategy(body)["time_horizon_days"] = 3),
        ("percent_as_whole_number", (body, random) => Pick(body["marketing_channels"]!, random)["max_budget_share"] = 60),
    ];

    public static IReadOnlyList<string> Kinds { get; } = [.. Mistakes.Select(m => m.Kind)];

    /// <summary>The kickoff body of <paramref name="inputs"/>, as a client sends it.</summary>
    public static JsonObject Body(VentureInputs inputs) => JsonSerializer.SerializeToNode(inputs, ContractJson.Options)!.AsObject();

    /// <summary>Applies one mistake, drawn at random, to <paramref name="body"/>; answers its kind.</summary>
    public static string Apply(JsonObject body, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Apply(body, Kinds[random.Next(Kinds.Count)], random);
    }

    public static string Apply(JsonObject body, string kind, Random random)
    {
        ArgumentNullException.ThrowIfNull(body);
        Mistakes.Single(m => m.Kind == kind).Apply(body, random);
        return kind;
    }

    private static JsonNode Strategy(JsonObject body) => body["market_strategy"]!;

    private static JsonNode Pick(JsonNode array, Random random) => array.AsArray()[random.Next(array.AsArray().Count)]!;

    private static void Each(JsonNode array, Action<JsonNode> change)
    {
        foreach (JsonNode? item in array.AsArray())
        {
            change(item!);
        }
    }

    private static void Rename(JsonObject body, string from, string to)
    {
        JsonNode? value = body[from];
        body.Remove(from);
        body[to] = value;
    }
}
