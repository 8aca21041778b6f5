using System.Text.Json.Nodes;

namespace Gtm.Testing;

/// <summary>The standard venture of the SPEC's targets: 3 segments, 4 channels (3 variants per element by default).</summary>
public static class StandardVenture
{
    public static JsonObject Create(string ventureId)
    {
        string examples = Path.Combine(AppContext.BaseDirectory, "examples");
        JsonNode Read(string path) => JsonNode.Parse(File.ReadAllText(Path.Combine(examples, path)))!;
        JsonNode strategy = Read("market_strategy/valid-1.json");
        strategy["venture_id"] = ventureId;
        JsonNode controllers = Read("customer_segment/valid-1.json");
        JsonNode cfos = controllers.DeepClone();
        cfos["id"] = "cfos";
        cfos["name"] = "Finance leaders";
        cfos["persona"]!["role"] = "CFO";
        cfos["preferred_channels"] = new JsonArray("linkedin", "google_ads");
        JsonNode accountants = controllers.DeepClone();
        accountants["id"] = "accountants";
        accountants["name"] = "Small-firm accountants";
        accountants["type"] = "b2b_smb";
        accountants["preferred_channels"] = new JsonArray("google_ads", "meta", "email");
        return new JsonObject
        {
            ["market_strategy"] = strategy,
            ["customer_segments"] = new JsonArray(controllers, cfos, accountants),
            ["marketing_channels"] = new JsonArray(
                JsonNode.Parse("""{"kind":"linkedin","enabled":true,"connection":"LinkedInAds","min_budget_share":0.2,"max_budget_share":0.6}"""),
                JsonNode.Parse("""{"kind":"email","enabled":true,"connection":"HubSpot","min_budget_share":0.0,"max_budget_share":0.2}"""),
                JsonNode.Parse("""{"kind":"google_ads","enabled":true,"connection":"GoogleAds","min_budget_share":0.1,"max_budget_share":0.5}"""),
                JsonNode.Parse("""{"kind":"meta","enabled":true,"connection":"MetaAds","min_budget_share":0.05,"max_budget_share":0.4}""")),
        };
    }
}
