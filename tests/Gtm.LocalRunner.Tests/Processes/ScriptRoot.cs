using System.Text.Json.Nodes;

namespace Gtm.LocalRunner.Tests.Processes;

/// <summary>A temporary script root (host.json and local.settings.json) for a runner process.</summary>
public static class ScriptRoot
{
    public static string Create(JsonObject hostJson, IReadOnlyDictionary<string, string?> values)
    {
        string root = Directory.CreateTempSubdirectory("gtm-root-").FullName;
        File.WriteAllText(Path.Combine(root, "host.json"), hostJson.ToJsonString());
        var local = new JsonObject
        {
            ["IsEncrypted"] = false,
            ["Values"] = new JsonObject([.. values.Select(v => KeyValuePair.Create(v.Key, (JsonNode?)v.Value))]),
        };
        File.WriteAllText(Path.Combine(root, "local.settings.json"), local.ToJsonString());
        return root;
    }
}
