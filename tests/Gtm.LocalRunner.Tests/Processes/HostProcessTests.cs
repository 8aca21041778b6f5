using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Gtm.LocalRunner.TestHost;
using Gtm.LocalRunner.Tests.Support;
using Gtm.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Gtm.LocalRunner.Tests.Processes;

/// <summary>Runners as separate OS processes: two sharing a timer, one stopped with SIGTERM mid-work, one with bad settings.</summary>
[Trait("Category", "Integration")]
public sealed class HostProcessTests
{
    internal static async Task<(string Root, string Hub, Dictionary<string, string?> Values)> ScriptRootAsync(IDictionary<string, string?>? extra = null)
    {
        string hub = $"p{Guid.NewGuid():N}"[..20];
        Dictionary<string, string?> values = await TestRunner.ValuesAsync(hub);
        foreach ((string key, string? value) in extra ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        // Short visibility, as the app's host.json has it: work a stopped runner still held reappears
        // within 30 s for the next one, not after the provider's 5 minutes (slow on a loaded machine).
        JsonObject hostJson = TestRunner.HostJson(hub);
        JsonNode provider = hostJson["extensions"]!["durableTask"]!["storageProvider"]!;
        provider["controlQueueVisibilityTimeout"] = "00:00:30";
        provider["workItemQueueVisibilityTimeout"] = "00:00:30";
        return (ScriptRoot.Create(hostJson, values), hub, values);
    }

    [Fact(Timeout = 120_000)]
    public async Task Two_runners_on_one_storage_account_run_each_timer_occurrence_exactly_once()
    {
        (string root, _, Dictionary<string, string?> values) = await ScriptRootAsync(new Dictionary<string, string?> { ["TimerSchedule"] = "*/1 * * * * *" });
        using (HostProcess first = await HostProcess.StartAsync(root))
        using (HostProcess second = await HostProcess.StartAsync(root))
        {
            await Task.Delay(TimeSpan.FromSeconds(8));
            await first.TerminateAsync(TimeSpan.FromSeconds(60));
            await second.TerminateAsync(TimeSpan.FromSeconds(60));
        }

        var runs = new List<TableEntity>();
        await foreach (TableEntity run in new TableClient(values["AzureWebJobsStorage"], values["RunsTable"]).QueryAsync<TableEntity>())
        {
            runs.Add(run);
        }

        Assert.True(runs.Count >= 4, $"only {runs.Count} runs in 8 seconds of a one-second timer");
        Assert.All(runs.GroupBy(r => r.GetInt64("Occurrence")), occurrence => Assert.Single(occurrence));
        Directory.Delete(root, recursive: true);
    }

    [Fact(Timeout = 180_000)]
    public async Task Two_runners_on_one_task_hub_share_the_work_and_run_each_step_once()
    {
        (string root, string hub, Dictionary<string, string?> values) = await ScriptRootAsync(new Dictionary<string, string?> { ["StepsTable"] = $"steps{Guid.NewGuid():N}"[..20] });
        string[] ids = [.. Enumerable.Range(0, 16).Select(n => $"shared-{hub}-{n:D2}")];
        await using TaskHubClient client = await TaskHubClient.StartAsync(values["AzureWebJobsStorage"]!, hub);
        using (HostProcess first = await HostProcess.StartAsync(root))
        using (HostProcess second = await HostProcess.StartAsync(root))
        {
            foreach (string id in ids)
            {
                await client.Durable.ScheduleNewOrchestrationInstanceAsync(nameof(SlowChain), new SlowChainInput(5, 200), new Microsoft.DurableTask.StartOrchestrationOptions(id));
            }

            foreach (string id in ids)
            {
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(120));
                OrchestrationMetadata done = await client.Durable.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, wait.Token);
                Assert.Equal(SlowChain.ExpectedOutput(id, 5), done.ReadOutputAs<string>());
            }

            await first.TerminateAsync(TimeSpan.FromSeconds(60));
            await second.TerminateAsync(TimeSpan.FromSeconds(60));
        }

        var steps = new List<TableEntity>();
        await foreach (TableEntity step in new TableClient(values["AzureWebJobsStorage"], values["StepsTable"]).QueryAsync<TableEntity>())
        {
            steps.Add(step);
        }

        Assert.Equal(ids.Length * 5, steps.Count);
        Assert.All(steps.GroupBy(s => (s.PartitionKey, s.GetInt32("Step"))), step => Assert.Single(step));
        Assert.Equal(2, steps.Select(s => s.GetInt32("Process")).Distinct().Count());
        Directory.Delete(root, recursive: true);
    }

    [Fact(Timeout = 180_000)]
    public async Task A_runner_stopped_with_sigterm_mid_orchestrations_restarts_and_completes_them_all()
    {
        (string root, string hub, Dictionary<string, string?> values) = await ScriptRootAsync();
        const int Count = 20;
        const int Steps = 6;
        string[] ids = [.. Enumerable.Range(0, Count).Select(n => $"term-{hub}-{n:D2}")];
        using (HostProcess runner = await HostProcess.StartAsync(root))
        {
            using var http = new HttpClient { BaseAddress = runner.Address };
            http.DefaultRequestHeaders.Add("x-functions-key", TestRunner.FunctionKey);
            foreach (string id in ids)
            {
                using HttpResponseMessage started = await http.PostAsJsonAsync($"/runtime/webhooks/durabletask/orchestrators/{nameof(SlowChain)}/{id}", new SlowChainInput(Steps, 300));
                Assert.Equal(System.Net.HttpStatusCode.Accepted, started.StatusCode);
            }

            await Task.Delay(1500);
            Assert.Equal(0, await runner.TerminateAsync(TimeSpan.FromSeconds(90)));
        }

        await using TaskHubClient client = await TaskHubClient.StartAsync(values["AzureWebJobsStorage"]!, hub);
        int completedBeforeRestart = 0;
        foreach (string id in ids)
        {
            completedBeforeRestart += (await client.Durable.GetInstanceAsync(id))?.IsCompleted == true ? 1 : 0;
        }

        Assert.True(completedBeforeRestart < Count, "every orchestration finished before the stop; the test proves nothing");
        using (HostProcess restarted = await HostProcess.StartAsync(root))
        {
            foreach (string id in ids)
            {
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(90));
                OrchestrationMetadata done = await client.Durable.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, wait.Token);
                Assert.Equal(SlowChain.ExpectedOutput(id, Steps), done.ReadOutputAs<string>());
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
        (string root, _, _) = await ScriptRootAsync();
        await File.WriteAllTextAsync(Path.Combine(root, file), content);
        using HostProcess runner = await HostProcess.StartAsync(root, waitForHealth: false);
        Assert.Equal(1, await runner.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("The runner cannot start", runner.Output, StringComparison.Ordinal);
        Assert.Contains(named, runner.Output, StringComparison.Ordinal);
        Directory.Delete(root, recursive: true);
    }
}
