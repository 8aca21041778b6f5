using System.Text.Json.Nodes;
using Gtm.Durable.TestWorker;
using Gtm.Functions.Hosting;
using Gtm.Functions.Queues;
using Gtm.Functions.Timers;
using Gtm.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Gtm.Functions.Tests.Support;

/// <summary>
/// A functions host in this process on Azurite, from a temporary content root with its own host.json
/// and local.settings.json: unique hub, queues and keys per host. In-memory HTTP by default;
/// <c>kestrel: true</c> listens on a free loopback port instead.
/// </summary>
public sealed class FunctionsHost : IAsyncDisposable
{
    public const string FunctionKey = "function-key-for-tests";
    public const string MasterKey = "master-key-for-tests";

    private FunctionsHost(WebApplication app, string contentRoot, IReadOnlyDictionary<string, string?> values)
    {
        App = app;
        ContentRoot = contentRoot;
        Values = values;
    }

    public WebApplication App { get; }

    public string ContentRoot { get; }

    public IReadOnlyDictionary<string, string?> Values { get; }

    public Recorder Recorder => App.Services.GetRequiredService<Recorder>();

    public HttpClient CreateClient() => App.GetTestClient();

    public static async Task<FunctionsHost> StartAsync(
        Action<JsonObject>? editHostJson = null,
        IDictionary<string, string?>? values = null,
        bool kestrel = false,
        Action<IServiceCollection>? services = null)
    {
        string connection = await Azurite.GetConnectionStringAsync();
        string suffix = Guid.NewGuid().ToString("N")[..12];
        JsonObject hostJson = TestContentRoot.HostJson($"h{suffix}");
        editHostJson?.Invoke(hostJson);
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connection,
            ["Keys__Function"] = FunctionKey,
            ["Keys__Master"] = MasterKey,
            ["TickSchedule"] = "0 0 0 1 1 *",
            ["CollectQueue"] = $"collect-{suffix}",
            ["FailQueue"] = $"fail-{suffix}",
            ["SlowQueue"] = $"slow-{suffix}",
            ["HostId"] = $"host-{suffix}",
            ["Gtm__StoragePrefix"] = $"T{suffix}",
            ["Gtm__Stage16Queue"] = $"stage16-{suffix}",
            ["Gtm__Stage18Queue"] = $"stage18-{suffix}",
            ["Gtm__Stage18Target"] = $"inbox-{suffix}",
        };
        foreach ((string key, string? value) in values ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        string root = TestContentRoot.Create(hostJson, settings);
        WebApplication app = FunctionsApplication.Build(kestrel ? ["--urls", "http://127.0.0.1:0"] : [], root, [typeof(FunctionsHost).Assembly, typeof(CrashChain).Assembly], builder =>
        {
            if (!kestrel)
            {
                builder.WebHost.UseTestServer();
            }

            builder.Services.AddSingleton<Recorder>();
            builder.Services.Configure<TimerOptions>(o => { o.LeaseDuration = TimeSpan.FromSeconds(15); o.LeaseRetryInterval = TimeSpan.FromMilliseconds(500); });
            builder.Services.Configure<QueuesOptions>(o =>
            {
                o.MaxPollingInterval = TimeSpan.FromMilliseconds(500);

                // A receive lost to an emulator hiccup hides its messages for this long only.
                o.ProcessingLease = TimeSpan.FromSeconds(10);
            });
            services?.Invoke(builder.Services);
        });
        await app.StartAsync();
        return new FunctionsHost(app, root, settings);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Delete(ContentRoot, recursive: true);
    }
}
