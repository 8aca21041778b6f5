using System.Net.Http.Json;
using Azure.Data.Tables;
using Gtm.Durable;
using Gtm.Durable.TestWorker;
using Gtm.Functions.Tests.Support;
using Gtm.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gtm.Functions.Tests.Hosting;

/// <summary>Hosts as separate OS processes: two sharing a timer, one stopped with SIGTERM mid-work, one with bad settings.</summary>
[Trait("Category", "Integration")]
public sealed class HostProcessTests
{
    internal static async Task<(string Root, string Hub, string Connection)> ContentRootAsync(IDictionary<string, string?>? extra = null)
    {
        string connection = await Azurite.GetConnectionStringAsync();
        string hub = $"p{Guid.NewGuid():N}"[..20];
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connection,
            ["Keys__Function"] = FunctionsHost.FunctionKey,
            ["Keys__Master"] = FunctionsHost.MasterKey,
            ["TimerSchedule"] = "0 0 0 1 1 *",
            ["RunsTable"] = "runs" + hub,
            ["HostId"] = hub,
            ["Gtm__StoragePrefix"] = "T" + hub,
            ["Gtm__Stage16Queue"] = "stage16-" + hub,
            ["Gtm__Stage18Queue"] = "stage18-" + hub,
        };
        foreach ((string key, string? value) in extra ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        return (TestContentRoot.Create(TestContentRoot.HostJson(hub), values), hub, connection);
    }

    [Fact(Timeout = 120_000)]
    public async Task Two_hosts_on_one_storage_account_run_each_timer_occurrence_exactly_once()
    {
        (string root, string hub, string connection) = await ContentRootAsync(new Dictionary<string, string?> { ["TimerSchedule"] = "*/1 * * * * *" });
        using (HostProcess first = await HostProcess.StartAsync(root))
        using (HostProcess second = await HostProcess.StartAsync(root))
        {
            await Task.Delay(TimeSpan.FromSeconds(8));
            await first.TerminateAsync(TimeSpan.FromSeconds(60));
            await second.TerminateAsync(TimeSpan.FromSeconds(60));
        }

        var runs = new List<TableEntity>();
        await foreach (TableEntity run in new TableClient(connection, "runs" + hub).QueryAsync<TableEntity>())
        {
            runs.Add(run);
        }

        Assert.True(runs.Count >= 4, $"only {runs.Count} runs in 8 seconds of a one-second timer");
        Assert.All(runs.GroupBy(r => r.GetInt64("Occurrence")), occurrence => Assert.Single(occurrence));
        Directory.Delete(root, recursive: true);
    }

    [Fact(Timeout = 180_000)]
    public async Task A_host_stopped_with_sigterm_mid_orchestrations_restarts_and_completes_them_all()
    {
        (string root, string hub, string connection) = await ContentRootAsync();
        const int Count = 20;
        const int Steps = 6;
        string[] ids = [.. Enumerable.Range(0, Count).Select(n => $"term-{hub}-{n:D2}")];
        using (HostProcess host = await HostProcess.StartAsync(root))
        {
            using var http = new HttpClient { BaseAddress = host.Address };
            http.DefaultRequestHeaders.Add("x-functions-key", FunctionsHost.FunctionKey);
            foreach (string id in ids)
            {
                using HttpResponseMessage started = await http.PostAsJsonAsync($"/api/orchestrators/{nameof(CrashChain)}/{id}", new CrashChainInput(Steps, 300));
                Assert.Equal(System.Net.HttpStatusCode.Accepted, started.StatusCode);
            }

            await Task.Delay(1500);
            Assert.Equal(0, await host.TerminateAsync(TimeSpan.FromSeconds(90)));
        }

        using IHost client = Client(connection, hub);
        var durable = client.Services.GetRequiredService<DurableTaskClient>();
        int completedBeforeRestart = 0;
        foreach (string id in ids)
        {
            completedBeforeRestart += (await durable.GetInstanceAsync(id))?.IsCompleted == true ? 1 : 0;
        }

        Assert.True(completedBeforeRestart < Count, "every orchestration finished before the stop; the test proves nothing");
        using (HostProcess restarted = await HostProcess.StartAsync(root))
        {
            foreach (string id in ids)
            {
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(90));
                OrchestrationMetadata done = await durable.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, wait.Token);
                Assert.Equal(CrashChain.ExpectedOutput(id, Steps), done.ReadOutputAs<string>());
            }

            await restarted.TerminateAsync(TimeSpan.FromSeconds(60));
        }

        Directory.Delete(root, recursive: true);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("host.json", """{"version":"2.0","extensions":{"queues":{"batchSiz":4}}}""", "extensions.queues.batchSiz")]
    [InlineData("local.settings.json", """{"IsEncrypted":true,"Values":{}}""", "IsEncrypted")]
    public async Task Bad_settings_stop_the_process_with_a_clear_message(string file, string content, string named)
    {
        (string root, _, _) = await ContentRootAsync();
        await File.WriteAllTextAsync(Path.Combine(root, file), content);
        using HostProcess host = await HostProcess.StartAsync(root, waitForHealth: false);
        Assert.Equal(1, await host.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("The host cannot start", host.Output, StringComparison.Ordinal);
        Assert.Contains(named, host.Output, StringComparison.Ordinal);
        Directory.Delete(root, recursive: true);
    }

    private static IHost Client(string connection, string hub)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddDurableTask(runWorker: false).UseAzureStorage(connection);
        builder.Services.Configure<DurableTaskOptions>(o => o.HubName = hub);
        return builder.Build();
    }
}
