using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Gtm.LocalRunner.Tests.Support;
using Gtm.Testing;

namespace Gtm.LocalRunner.Tests.Processes;

/// <summary>
/// The deployable package (<c>./gtm publish</c>, artifacts/publish) as Azure Functions receives it:
/// its layout, and the runner started on it, not on the build folder, with the app settings as
/// environment variables, as Azure sets them.
/// </summary>
public sealed class PublishedPackageTests
{
    /// <summary>GTM_PACKAGE, which <c>./gtm test</c> sets after publishing, else the repository's artifacts/publish.</summary>
    private static string Package()
    {
        string? folder = Environment.GetEnvironmentVariable("GTM_PACKAGE");
        if (folder is null)
        {
            for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null && folder is null; dir = dir.Parent)
            {
                folder = File.Exists(Path.Combine(dir.FullName, "GtmFunctions.sln")) ? Path.Combine(dir.FullName, "artifacts", "publish") : null;
            }
        }

        Assert.True(folder is not null && Directory.Exists(folder), $"No published package at '{folder}': run ./gtm publish (./gtm test publishes before it tests), or set GTM_PACKAGE.");
        return folder!;
    }

    [Fact]
    public void The_package_has_the_layout_Azure_Functions_expects()
    {
        string package = Package();

        foreach (string file in new[] { "host.json", "functions.metadata", "worker.config.json", "extensions.json", "Gtm.Functions.dll" })
        {
            Assert.True(File.Exists(Path.Combine(package, file)), $"the package lacks {file}");
        }

        Assert.True(Directory.Exists(Path.Combine(package, ".azurefunctions")), "the package lacks .azurefunctions/");
        Assert.False(File.Exists(Path.Combine(package, "local.settings.json")), "the package must not carry local.settings.json");
        JsonArray functions = JsonNode.Parse(File.ReadAllText(Path.Combine(package, "functions.metadata")))!.AsArray();
        Assert.Contains(functions, f => (string?)f!["name"] == "Health");
        Assert.Equal("Gtm.Functions.dll", (string?)JsonNode.Parse(File.ReadAllText(Path.Combine(package, "worker.config.json")))!["description"]!["defaultWorkerPath"]);
    }

    [Fact(Timeout = 180_000)]
    public async Task The_runner_started_on_the_package_serves_the_health_endpoint()
    {
        string suffix = Guid.NewGuid().ToString("N")[..12];
        var settings = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = await Azurite.GetConnectionStringAsync(),
            ["Keys__Master"] = TestRunner.MasterKey,
            ["HostId"] = $"package{suffix}",
            // host.json is the package's; only the task hub's name is overridden, as an app setting can in Azure.
            ["AzureFunctionsJobHost__extensions__durableTask__hubName"] = $"package{suffix}",
            ["Gtm__StoragePrefix"] = $"P{suffix}",
            ["Gtm__Stage16Queue"] = $"stage16-{suffix}",
            ["Gtm__Stage18Queue"] = $"stage18-{suffix}",
            ["Gtm__Stage18Target"] = $"inbox-{suffix}",
            ["Gtm__MonitorSchedule"] = "0 0 0 1 1 *",
            ["AzureWebJobs__MonitorSchedule__Disabled"] = "true",
        };

        using HostProcess runner = await HostProcess.StartProductAsync(Package(), environment: settings);
        using var http = new HttpClient { BaseAddress = runner.Address };
        using HttpResponseMessage health = await http.GetAsync(new Uri("/api/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", (await health.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        // The task hub the runner made is the one the app setting named.
        var workItems = new QueueClient(settings["AzureWebJobsStorage"], $"package{suffix}-workitems");
        for (int attempt = 0; !await workItems.ExistsAsync() && attempt < 100; attempt++)
        {
            await Task.Delay(300);
        }

        Assert.True(await workItems.ExistsAsync(), $"no task hub package{suffix}:\n{runner.Output}");
    }
}
