using System.Text.Json.Nodes;
using Gtm.Functions.Product;
using Gtm.LocalRunner;
using Gtm.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Gtm.Functions.Tests.Support;

/// <summary>
/// The Functions app run by the local runner in this process, on Azurite, with its own task hub,
/// storage prefix, queues and keys. In-memory HTTP by default; <c>kestrel: true</c> listens on a
/// free loopback port instead (the management links then point at a real address).
/// </summary>
public sealed class FunctionsHost : IAsyncDisposable
{
    public const string FunctionKey = "function-key-for-tests";
    public const string MasterKey = "master-key-for-tests";

    private readonly bool kestrel;

    private FunctionsHost(EmbeddedRunner runner, IReadOnlyDictionary<string, string?> values, bool kestrel)
    {
        Runner = runner;
        Values = values;
        this.kestrel = kestrel;
    }

    public EmbeddedRunner Runner { get; }

    public WebApplication App => Runner.App;

    public IReadOnlyDictionary<string, string?> Values { get; }

    public static FunctionsApp Product { get; } = new(typeof(ProductServices).Assembly, (services, configuration) => services.AddGtmProduct(configuration));

    public T Service<T>() where T : notnull => Runner.Service<T>();

    /// <summary>A client with no key; add one as the test needs.</summary>
    public HttpClient CreateClient() => kestrel ? new HttpClient { BaseAddress = Runner.Address } : App.GetTestClient();

    public static async Task<FunctionsHost> StartAsync(
        Action<JsonObject>? editHostJson = null,
        IDictionary<string, string?>? values = null,
        bool kestrel = false,
        Action<IServiceCollection>? services = null)
    {
        string suffix = Guid.NewGuid().ToString("N")[..12];
        JsonObject hostJson = TestContentRoot.HostJson($"h{suffix}");
        editHostJson?.Invoke(hostJson);
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = await Azurite.GetConnectionStringAsync(),
            ["Keys__Function"] = FunctionKey,
            ["Keys__Master"] = MasterKey,
            ["HostId"] = $"host-{suffix}",
            ["FUNCTIONS_REQUEST_BODY_SIZE_LIMIT"] = "1048576",
            ["Gtm__StoragePrefix"] = $"T{suffix}",
            ["Gtm__Stage16Queue"] = $"stage16-{suffix}",
            ["Gtm__Stage18Queue"] = $"stage18-{suffix}",
            ["Gtm__Stage18Target"] = $"inbox-{suffix}",
            ["Gtm__MonitorSchedule"] = "0 * * * * *",
        };
        foreach ((string key, string? value) in values ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        EmbeddedRunner runner = await EmbeddedRunner.StartAsync(Product, hostJson, settings, builder =>
        {
            if (!kestrel)
            {
                builder.WebHost.UseTestServer();
            }

            services?.Invoke(builder.Services);
        });
        return new FunctionsHost(runner, settings, kestrel);
    }

    public ValueTask DisposeAsync() => Runner.DisposeAsync();
}
