using System.Text.Json.Nodes;

namespace Gtm.Bench.Pipeline;

/// <summary>Ten ways a venture can be wrong, applied in turn to varied valid ventures.</summary>
internal static class Invalid
{
    private static readonly Action<JsonObject>[] Breakages =
    [
        v => v["market_strategy"]!["time_horizon_days"] = "ninety",
        v => v["customer_segments"]![0]!.AsObject().Remove("persona"),
        v => v["market_strategy"]!["value_proposition"] = new string('x', 600),
        v => { foreach (JsonNode? c in v["marketing_channels"]!.AsArray()) { c!["min_budget_share"] = 0.9; c["max_budget_share"] = 0.5; } },
        v => v["marketing_channels"]![0]!["kind"] = "tiktok",
        v => v["market_strategy"]!["total_budget"]!["currency"] = "euro",
        v => v["customer_segments"]![0]!["preferred_channels"] = new JsonArray("fax"),
        v => v["market_strategy"]!["messaging_pillars"] = new JsonArray("only one"),
        v => v["marketing_channels"]![0]!["connection"] = "Bearer abc/def=",
        v => v.Remove("customer_segments"),
    ];

    public static JsonObject Create(JsonObject valid, int n)
    {
        Breakages[n % Breakages.Length](valid);
        return valid;
    }
}
