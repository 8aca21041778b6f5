using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gtm.LocalRunner;

/// <summary>
/// The runner inside another program (the demo, the benchmarks, tests): a script root written for
/// the run in a temporary folder, with the given host.json and a local.settings.json of the run's
/// own values (its storage account, a master key, whatever else the caller sets), listening on a
/// free loopback port unless the caller swaps the server.
/// </summary>
public sealed class EmbeddedRunner : IAsyncDisposable
{
    private EmbeddedRunner(WebApplication app, string scriptRoot, string masterKey)
    {
        App = app;
        ScriptRoot = scriptRoot;
        MasterKey = masterKey;
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    public string ScriptRoot { get; }

    /// <summary>The run's master key (admin level), unless the caller's values set Keys__Master.</summary>
    public string MasterKey { get; }

    /// <summary>Where the runner listens (with Kestrel).</summary>
    public Uri Address => new(App.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

    /// <summary>A client for the runner's HTTP functions with the master key.</summary>
    public HttpClient CreateClient(TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = timeout ?? TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Add("x-functions-key", MasterKey);
        return client;
    }

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <param name="hostJson">The host.json to run with.</param>
    /// <param name="values">local.settings.json's Values (AzureWebJobsStorage at least).</param>
    public static async Task<EmbeddedRunner> StartAsync(FunctionsApp app, JsonObject hostJson, IDictionary<string, string?> values, Action<WebApplicationBuilder>? configure = null, params string[] args)
    {
        string root = Directory.CreateTempSubdirectory("gtm-runner-").FullName;
        await File.WriteAllTextAsync(Path.Combine(root, "host.json"), hostJson.ToJsonString()).ConfigureAwait(false);
        var settings = new JsonObject();
        string masterKey = values.TryGetValue("Keys__Master", out string? given) && given is not null ? given : Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        settings["Keys__Master"] = masterKey;
        foreach ((string key, string? value) in values)
        {
            settings[key] = value;
        }

        await File.WriteAllTextAsync(Path.Combine(root, "local.settings.json"), new JsonObject { ["IsEncrypted"] = false, ["Values"] = settings }.ToJsonString()).ConfigureAwait(false);
        WebApplication web = RunnerApplication.Build(["--urls", "http://127.0.0.1:0", .. args], root, app, configure);
        await web.StartAsync().ConfigureAwait(false);
        return new EmbeddedRunner(web, root, masterKey);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync().ConfigureAwait(false);
        await App.DisposeAsync().ConfigureAwait(false);
        Directory.Delete(ScriptRoot, recursive: true);
    }
}
