using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;

namespace Gtm.Functions.Hosting;

/// <summary>
/// The functions host embedded in another program (the demo, the benchmarks) on a free loopback
/// port: a given host.json and a local.settings.json written for the run, with its own storage
/// prefix, host id, queues and master key, so that runs never see each other's data.
/// </summary>
public sealed class EmbeddedHost : IAsyncDisposable
{
    private readonly string root;

    private EmbeddedHost(WebApplication app, string root, string masterKey)
    {
        App = app;
        this.root = root;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TimeSpan.FromMinutes(2) };
        Http.DefaultRequestHeaders.Add("x-functions-key", masterKey);
    }

    public WebApplication App { get; }

    /// <summary>A client for the host's API, with the master key.</summary>
    public HttpClient Http { get; }

    public static async Task<EmbeddedHost> StartAsync(string storage, string hostJson, IReadOnlyCollection<Assembly> functionAssemblies, IDictionary<string, string>? values = null)
    {
        string run = $"{DateTime.UtcNow:HHmmss}{Random.Shared.Next(100, 999)}";
        string root = Directory.CreateTempSubdirectory("gtm-host-").FullName;
        File.Copy(hostJson, Path.Combine(root, "host.json"));
        string masterKey = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var settings = new JsonObject
        {
            ["AzureWebJobsStorage"] = storage,
            ["Keys__Master"] = masterKey,
            ["HostId"] = $"run-{run}",
            ["extensions__durableTask__hubName"] = $"Run{run}",
            ["Gtm__StoragePrefix"] = $"Run{run}",
            ["Gtm__Stage16Queue"] = $"run{run}-stage16",
            ["Gtm__Stage18Queue"] = $"run{run}-stage18",
            ["Gtm__Stage18Target"] = $"run{run}-stage18-inbox",
        };
        foreach ((string key, string value) in values ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        await File.WriteAllTextAsync(Path.Combine(root, "local.settings.json"), new JsonObject { ["IsEncrypted"] = false, ["Values"] = settings }.ToJsonString()).ConfigureAwait(false);
        WebApplication app = FunctionsApplication.Build(["--urls", "http://127.0.0.1:0", "--logging:logLevel:default", "Warning"], root, functionAssemblies);
        await app.StartAsync().ConfigureAwait(false);
        return new EmbeddedHost(app, root, masterKey);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync().ConfigureAwait(false);
        await App.DisposeAsync().ConfigureAwait(false);
        Directory.Delete(root, recursive: true);
    }
}
