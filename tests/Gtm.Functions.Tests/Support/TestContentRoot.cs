using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gtm.Functions.Tests.Support;

/// <summary>A temporary folder with host.json and local.settings.json, as a host's content root.</summary>
public static class TestContentRoot
{
    /// <summary>host.json for tests: quiet logs, a unique hub, and short polling so idle hosts answer quickly.</summary>
    public static JsonObject HostJson(string hubName) => new()
    {
        ["version"] = "2.0",
        ["functionTimeout"] = "00:02:00",
        ["logging"] = new JsonObject { ["logLevel"] = new JsonObject { ["default"] = "Warning" } },
        ["extensions"] = new JsonObject
        {
            ["queues"] = new JsonObject { ["maxDequeueCount"] = 3, ["visibilityTimeout"] = "00:00:00" },
            ["durableTask"] = new JsonObject
            {
                ["hubName"] = hubName,
                ["storageProvider"] = new JsonObject
                {
                    ["maxQueuePollingInterval"] = "00:00:00.5",
                    ["controlQueueVisibilityTimeout"] = "00:00:10",
                    ["workItemQueueVisibilityTimeout"] = "00:00:10",
                },
            },
        },
    };

    public static string Create(JsonObject hostJson, IReadOnlyDictionary<string, string?> values)
    {
        string root = Path.Combine(Path.GetTempPath(), "gtm-host-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "host.json"), hostJson.ToJsonString());
        var local = new JsonObject
        {
            ["IsEncrypted"] = false,
            ["Values"] = new JsonObject(values.Select(v => KeyValuePair.Create(v.Key, (JsonNode?)JsonValue.Create(v.Value)))),
        };
        File.WriteAllText(Path.Combine(root, "local.settings.json"), local.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return root;
    }
}
