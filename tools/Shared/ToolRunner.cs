using System.Globalization;
using System.Text.Json.Nodes;
using Gtm.Functions.Product;
using Gtm.LocalRunner;
using Microsoft.AspNetCore.Builder;

namespace Gtm.Tools;

/// <summary>
/// The local runner inside the demo or a benchmark, on the given storage account, with a run of its
/// own: task hub, host id, storage prefix and queues unique to the run, so runs never see each
/// other's data. host.json is the app's (functions/Gtm.Functions/host.json, copied beside the tool).
/// </summary>
internal static class ToolRunner
{
    public static FunctionsApp Product { get; } = new(typeof(ProductServices).Assembly, (services, configuration) => services.AddGtmProduct(configuration));

    /// <summary>The app's host.json (or another at <paramref name="path"/>), logging warnings only (the tools print what happened themselves).</summary>
    public static JsonObject HostJson(string? path = null)
    {
        JsonObject hostJson = JsonNode.Parse(File.ReadAllText(path ?? Path.Combine(AppContext.BaseDirectory, "host.json")))!.AsObject();
        hostJson["logging"]!["logLevel"]!["default"] = "Warning";
        if (Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT") is null)
        {
            // Nothing would receive the traces: spare the runs their cost.
            hostJson.Remove("telemetryMode");
        }

        return hostJson;
    }

    public static Task<EmbeddedRunner> StartProductAsync(string storage, IDictionary<string, string?>? values = null, Action<WebApplicationBuilder>? configure = null) =>
        StartAsync(Product, HostJson(), storage, values, configure);

    /// <param name="values">App settings on top of the run's own (they win).</param>
    public static Task<EmbeddedRunner> StartAsync(FunctionsApp app, JsonObject hostJson, string storage, IDictionary<string, string?>? values = null, Action<WebApplicationBuilder>? configure = null)
    {
        string run = string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:HHmmss}{Random.Shared.Next(100, 999)}");
        hostJson["extensions"]!["durableTask"]!["hubName"] = $"Run{run}";
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storage,
            ["HostId"] = $"run-{run}",
            ["FUNCTIONS_REQUEST_BODY_SIZE_LIMIT"] = "1048576",
            ["Gtm__StoragePrefix"] = $"Run{run}",
            ["Gtm__Stage16Queue"] = $"run{run}-stage16",
            ["Gtm__Stage18Queue"] = $"run{run}-stage18",
            ["Gtm__Stage18Target"] = $"run{run}-stage18-inbox",
            ["Gtm__MonitorSchedule"] = "0 * * * * *",
        };
        foreach ((string key, string? value) in values ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        // Logs go to standard error: standard output is the tool's story or its name=value lines.
        return EmbeddedRunner.StartAsync(app, hostJson, settings, configure, "--logging:console:LogToStandardErrorThreshold=Trace");
    }
}
