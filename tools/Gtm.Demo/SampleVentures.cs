using System.Text.Json.Nodes;

namespace Gtm.Demo;

/// <summary>Three sample ventures, one per kind of market: B2B enterprise, B2B SMB, B2C mass.</summary>
internal static class SampleVentures
{
    public static IReadOnlyList<(string Kind, JsonObject Body)> All(string suffix) =>
    [
        ("B2B enterprise", Ledgerly(suffix)),
        ("B2B SMB", Shiftboard(suffix)),
        ("B2C mass", Snapshop(suffix)),
    ];

    private static JsonNode Example(string path) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", path)))!;

    private static JsonObject Ledgerly(string suffix)
    {
        JsonNode strategy = Example("market_strategy/valid-1.json");
        strategy["venture_id"] = $"ledgerly-{suffix}";
        JsonNode controllers = Example("customer_segment/valid-1.json");
        JsonNode cfos = controllers.DeepClone();
        cfos["id"] = "cfos";
        cfos["name"] = "Finance leaders";
        cfos["persona"]!["role"] = "CFO";
        cfos["preferred_channels"] = new JsonArray("linkedin", "google_ads");
        return Venture(strategy, [controllers, cfos], ("linkedin", 0.3, 0.6), ("email", 0.0, 0.2), ("google_ads", 0.1, 0.5));
    }

    private static JsonObject Shiftboard(string suffix)
    {
        JsonNode strategy = Example("market_strategy/valid-1.json");
        strategy["venture_id"] = $"shiftboard-{suffix}";
        strategy["venture_name"] = "Shiftboard";
        strategy["value_proposition"] = "Staff rotas in ten minutes a week, with swaps your team settles itself.";
        strategy["positioning"] = "The scheduling app for small businesses that run on shifts.";
        strategy["messaging_pillars"] = new JsonArray("Rotas in ten minutes", "Swaps without phone calls", "Payroll-ready hours");
        strategy["segment_type"] = "b2b_smb";
        strategy["total_budget"] = new JsonObject { ["amount"] = 8000, ["currency"] = "EUR", ["period"] = "monthly" };
        return Venture(strategy, [Segment("cafe-owners", "Cafe and shop owners", "b2b_smb", "Owner", ["Rotas eat my Sunday evening", "Staff swap shifts by text"], ["Rota done by Monday", "Swaps handled by the team"], ["google_ads", "meta", "email"], 300)],
            ("google_ads", 0.2, 0.6), ("meta", 0.2, 0.6), ("email", 0.0, 0.2));
    }

    private static JsonObject Snapshop(string suffix)
    {
        JsonNode strategy = Example("market_strategy/valid-2.json");
        strategy["venture_id"] = $"snapshop-{suffix}";
        strategy["regions"] = new JsonArray("US");
        return Venture(strategy,
            [
                Segment("trend-shoppers", "Trend shoppers", "b2c_mass", "Shopper", ["Cannot find the outfit from the photo"], ["Buy the look in one tap"], ["meta", "google_ads"], 45, "US"),
                Segment("gift-buyers", "Last-minute gift buyers", "b2c_mass", "Gift buyer", ["No idea what to buy"], ["A gift that arrives tomorrow"], ["google_ads", "email"], 60, "US"),
            ],
            ("meta", 0.3, 0.7), ("google_ads", 0.2, 0.6), ("email", 0.0, 0.1));
    }

    private static JsonObject Segment(string id, string name, string type, string role, string[] pains, string[] gains, string[] channels, double dealValue, string country = "DE") => new JsonObject
    {
        ["id"] = id,
        ["name"] = name,
        ["type"] = type,
        ["persona"] = new JsonObject { ["role"] = role, ["pains"] = new JsonArray([.. pains.Select(p => (JsonNode)p)]), ["gains"] = new JsonArray([.. gains.Select(g => (JsonNode)g)]) },
        ["size"] = 250_000,
        ["geography"] = new JsonArray(country),
        ["preferred_channels"] = new JsonArray([.. channels.Select(c => (JsonNode)c)]),
        ["deal_value"] = dealValue,
        ["sales_cycle_days"] = 7,
    };

    private static JsonObject Venture(JsonNode strategy, JsonNode[] segments, params (string Kind, double Min, double Max)[] channels) => new()
    {
        ["market_strategy"] = strategy,
        ["customer_segments"] = new JsonArray(segments),
        ["marketing_channels"] = new JsonArray([.. channels.Select(c => (JsonNode)new JsonObject
        {
            ["kind"] = c.Kind,
            ["enabled"] = true,
            ["connection"] = c.Kind + "Connection",
            ["min_budget_share"] = c.Min,
            ["max_budget_share"] = c.Max,
        })]),
    };
}
