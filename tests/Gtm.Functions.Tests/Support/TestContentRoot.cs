using System.Text.Json.Nodes;

namespace Gtm.Functions.Tests.Support;

/// <summary>host.json for the product's tests.</summary>
public static class TestContentRoot
{
    /// <summary>Quiet logs, a unique hub, and short polling and visibility so idle hosts answer quickly.</summary>
    public static JsonObject HostJson(string hubName) => new()
    {
        ["version"] = "2.0",
        ["functionTimeout"] = "00:02:00",
        ["logging"] = new JsonObject { ["logLevel"] = new JsonObject { ["default"] = "Warning", ["DurableTask"] = "Error" } },
        ["extensions"] = new JsonObject
        {
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
}
