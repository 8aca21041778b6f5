using System.Text.Json.Nodes;
using Gtm.LocalRunner.Queues;
using Gtm.LocalRunner.TestHost;
using Gtm.LocalRunner.Timers;
using Gtm.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Gtm.LocalRunner.Tests.Support;

/// <summary>
/// The runner with the test functions (Gtm.LocalRunner.TestHost) in this process, on Azurite, with
/// its own queues, host id and keys. In-memory HTTP by default; <c>kestrel: true</c> listens on a
/// free loopback port.
/// </summary>
public sealed class TestRunner : IAsyncDisposable
{
    public const string FunctionKey = "function-key-for-tests";
    public const string MasterKey = "master-key-for-tests";

    private readonly bool kestrel;

    private TestRunner(EmbeddedRunner runner, IReadOnlyDictionary<string, string?> values, bool kestrel)
    {
        Runner = runner;
        Values = values;
        this.kestrel = kestrel;
    }

    public EmbeddedRunner Runner { get; }

    public IReadOnlyDictionary<string, string?> Values { get; }

    public Recorder Recorder => Runner.Service<Recorder>();

    /// <summary>A client with no key.</summary>
    public HttpClient CreateClient() => kestrel ? new HttpClient { BaseAddress = Runner.Address } : Runner.App.GetTestClient();

    public static JsonObject HostJson(string hub) => new()
    {
        ["version"] = "2.0",
        ["functionTimeout"] = "00:02:00",
        ["logging"] = new JsonObject { ["logLevel"] = new JsonObject { ["default"] = "Warning", ["DurableTask"] = "Error" } },
        ["extensions"] = new JsonObject
        {
            ["queues"] = new JsonObject { ["maxDequeueCount"] = 3, ["visibilityTimeout"] = "00:00:00", ["maxPollingInterval"] = "00:00:00.500" },
            ["durableTask"] = new JsonObject { ["hubName"] = hub, ["storageProvider"] = new JsonObject { ["partitionCount"] = 1, ["maxQueuePollingInterval"] = "00:00:00.100" } },
        },
    };

    /// <summary>The settings the test functions need, each unique to this run.</summary>
    public static async Task<Dictionary<string, string?>> ValuesAsync(string suffix) => new()
    {
        ["AzureWebJobsStorage"] = await Azurite.GetConnectionStringAsync(),
        ["Keys__Function"] = FunctionKey,
        ["Keys__Master"] = MasterKey,
        ["HostId"] = $"host-{suffix}",
        ["FUNCTIONS_REQUEST_BODY_SIZE_LIMIT"] = "4096",
        ["TickSchedule"] = "0 0 0 1 1 *",
        ["TimerSchedule"] = "0 0 0 1 1 *",
        ["RunsTable"] = $"runs{suffix}",
        ["CollectQueue"] = $"collect-{suffix}",
        ["FailQueue"] = $"fail-{suffix}",
        ["SlowQueue"] = $"slow-{suffix}",
    };

    public static async Task<TestRunner> StartAsync(
        Action<JsonObject>? editHostJson = null,
        IDictionary<string, string?>? values = null,
        bool kestrel = false,
        Action<IServiceCollection>? services = null)
    {
        string suffix = Guid.NewGuid().ToString("N")[..12];
        JsonObject hostJson = HostJson($"r{suffix}");
        editHostJson?.Invoke(hostJson);
        Dictionary<string, string?> settings = await ValuesAsync(suffix);
        foreach ((string key, string? value) in values ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        EmbeddedRunner runner = await EmbeddedRunner.StartAsync(TestApp.Definition, hostJson, settings, builder =>
        {
            if (!kestrel)
            {
                builder.WebHost.UseTestServer();
            }

            builder.Services.Configure<TimerOptions>(o => { o.LeaseDuration = TimeSpan.FromSeconds(15); o.LeaseRetryInterval = TimeSpan.FromMilliseconds(500); });

            // A receive lost to an emulator hiccup hides its messages for this long only.
            builder.Services.Configure<QueuesOptions>(o => o.ProcessingLease = TimeSpan.FromSeconds(10));
            services?.Invoke(builder.Services);
        });
        return new TestRunner(runner, settings, kestrel);
    }

    public ValueTask DisposeAsync() => Runner.DisposeAsync();
}
