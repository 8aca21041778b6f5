using System.Text.Json.Nodes;
using Gtm.Functions.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Gtm.Demo;

/// <summary>
/// The functions host, in this process, on a free loopback port: the repository's host.json and a
/// local.settings.json written for the run (its own storage prefix, queues and keys).
/// </summary>
internal sealed class DemoHost : IAsyncDisposable
{
    public const string MasterKey = "demo-master-key";

    private DemoHost(WebApplication app, string root)
    {
        App = app;
        Root = root;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        Http.DefaultRequestHeaders.Add("x-functions-key", MasterKey);
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    private string Root { get; }

    public static async Task<DemoHost> StartAsync(string storage)
    {
        string run = DateTime.UtcNow.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        string root = Directory.CreateTempSubdirectory("gtm-demo-").FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "host.json"), Path.Combine(root, "host.json"));
        var values = new JsonObject
        {
            ["AzureWebJobsStorage"] = storage,
            ["Keys__Master"] = MasterKey,
            ["HostId"] = $"demo-{run}",
            ["Gtm__StoragePrefix"] = $"Demo{run}",
            ["Gtm__Stage16Queue"] = $"demo{run}-stage16",
            ["Gtm__Stage18Queue"] = $"demo{run}-stage18",
            ["Gtm__Stage18Target"] = $"demo{run}-stage18-inbox",
        };
        await File.WriteAllTextAsync(Path.Combine(root, "local.settings.json"), new JsonObject { ["IsEncrypted"] = false, ["Values"] = values }.ToJsonString());
        WebApplication app = FunctionsApplication.Build(["--urls", "http://127.0.0.1:0", "--logging:logLevel:default", "Warning"], root, [typeof(DemoHost).Assembly]);
        await app.StartAsync();
        return new DemoHost(app, root);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }
}
