using System.Text.Json;
using Gtm.Functions.Product;
using Gtm.LocalRunner.Catalog;
using Microsoft.Azure.Functions.Worker;

namespace Gtm.LocalRunner.Tests.Catalog;

/// <summary>
/// The runner finds the app's functions by reflection; the Functions host reads the
/// functions.metadata the Sdk generates at build. They must agree on every function, its entry
/// point and its trigger, or the runner would run an app that Azure runs differently.
/// </summary>
[Trait("Category", "Unit")]
public sealed class FunctionsMetadataTests
{
    [Fact]
    public void The_runner_sees_exactly_the_functions_and_triggers_of_the_Sdk_generated_functions_metadata()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        Assert.True(File.Exists(path), $"functions.metadata is not beside the tests at {path}: the app's build should have produced it");
        using JsonDocument metadata = JsonDocument.Parse(File.ReadAllText(path));

        string[] sdk = [.. metadata.RootElement.EnumerateArray().Select(FromMetadata).Order(StringComparer.Ordinal)];
        string[] runner = [.. FunctionCatalog.ForApp(typeof(ProductServices).Assembly).Functions.Select(FromRunner).Order(StringComparer.Ordinal)];

        Assert.Equal(sdk, runner);
        Assert.Contains(runner, f => f.StartsWith("Stage17 ", StringComparison.Ordinal) && f.Contains("orchestrationTrigger", StringComparison.Ordinal));
        Assert.Contains(runner, f => f.StartsWith("KickoffVenture ", StringComparison.Ordinal) && f.Contains("route=api/ventures ", StringComparison.Ordinal));
        Assert.Contains(runner, f => f.StartsWith("ConsolePage ", StringComparison.Ordinal) && f.Contains("auth=Anonymous methods=GET route=/ ", StringComparison.Ordinal));
    }

    /// <summary>One line per function: name, file, entry point, trigger type and the trigger's settings.</summary>
    private static string FromMetadata(JsonElement function)
    {
        JsonElement trigger = function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
        string Setting(string name) => trigger.TryGetProperty(name, out JsonElement value)
            ? value.ValueKind == JsonValueKind.Array ? string.Join(',', value.EnumerateArray().Select(v => v.GetString()!.ToUpperInvariant())) : value.ToString()
            : "";
        return Line(
            function.GetProperty("name").GetString()!,
            function.GetProperty("scriptFile").GetString()!,
            function.GetProperty("entryPoint").GetString()!,
            trigger.GetProperty("type").GetString()!,
            $"auth={Setting("authLevel")} methods={Setting("methods")} route={Setting("route")} schedule={Setting("schedule")} queue={Setting("queueName")} connection={Setting("connection")}");
    }

    private static string FromRunner(FunctionDescriptor function)
    {
        string settings = function.Trigger switch
        {
            HttpTriggerAttribute http => $"auth={http.AuthLevel} methods={string.Join(',', (http.Methods ?? []).Select(m => m.ToUpperInvariant()))} route={http.Route} schedule= queue= connection=",
            TimerTriggerAttribute timer => $"auth= methods= route= schedule={timer.Schedule} queue= connection=",
            QueueTriggerAttribute queue => $"auth= methods= route= schedule= queue={queue.QueueName} connection={queue.Connection}",
            _ => "auth= methods= route= schedule= queue= connection=",
        };
        return Line(function.Name, Path.GetFileName(function.Type.Assembly.Location), function.EntryPoint, function.TriggerType, settings);
    }

    private static string Line(string name, string file, string entryPoint, string trigger, string settings) =>
        $"{name} {file} {entryPoint} {trigger} {settings}";
}
