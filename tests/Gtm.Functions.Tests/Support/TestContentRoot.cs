using System.Text.Json.Nodes;

namespace Gtm.Functions.Tests.Support;

/// <summary>host.json for the product's tests, and a script root to build the runner from.</summary>
public static class TestContentRoot
{
    /// <summary>The app's routes, quiet logs, a unique hub, and short polling and visibility so idle hosts answer quickly.</summary>
    public static JsonObject HostJson(string hubName) => new()
    {
        ["version"] = "2.0",
        ["functionTimeout"] = "00:02:00",
        ["logging"] = new JsonObject { ["logLevel"] = new JsonObject { ["default"] = "Warning", ["DurableTask"] = "Error" } },
        ["extensions"] = new JsonObject
        {
            // As the app's host.json: no prefix, the API's routes carry "api/" and the console is at the root.
            ["http"] = new JsonObject { ["routePrefix"] = "" },
            ["queues"] = new JsonObject { ["maxDequeueCount"] = 3, ["visibilityTimeout"] = "00:00:00", ["maxPollingInterval"] = "00:00:00.500" },
            ["durableTask"] = new JsonObject
            {
                ["hubName"] = hubName,
                ["extendedSessionsEnabled"] = true,
                ["storageProvider"] = new JsonObject
                {
                    ["partitionCount"] = 2,
                    ["maxQueuePollingInterval"] = "00:00:00.100",
                    ["controlQueueVisibilityTimeout"] = "00:00:30",
                    ["workItemQueueVisibilityTimeout"] = "00:00:30",
                },
            },
        },
    };

    /// <summary>A temporary folder with host.json and local.settings.json, as the runner's script root.</summary>
    public static string Create(JsonObject hostJson, IReadOnlyDictionary<string, string?> values)
    {
        string root = Directory.CreateTempSubdirectory("gtm-test-root-").FullName;
        File.WriteAllText(Path.Combine(root, "host.json"), hostJson.ToJsonString());
        var local = new JsonObject
        {
            ["IsEncrypted"] = false,
            ["Values"] = new JsonObject(values.Select(v => KeyValuePair.Create(v.Key, (JsonNode?)JsonValue.Create(v.Value)))),
        };
        File.WriteAllText(Path.Combine(root, "local.settings.json"), local.ToJsonString());
        return root;
    }
}
