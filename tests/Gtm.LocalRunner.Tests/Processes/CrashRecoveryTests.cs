using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Gtm.LocalRunner.Tests.Support;
using Gtm.Testing;
using Microsoft.DurableTask.Client;
using Xunit.Abstractions;

namespace Gtm.LocalRunner.Tests.Processes;

/// <summary>
/// The product's runner, in its own OS process, killed with SIGKILL while 50 ventures run Stage 17
/// on Azure Storage; a new runner on the same storage finishes every one of them. Each campaign is
/// provisioned once (the idempotency key finds the same platform campaign on a retry) and every
/// campaign is live for a launched venture: no spend is left running for a venture that has none.
/// The task hub's settings are the app's own host.json, so the recovery time measured is production's.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    private const int Ventures = 50;

    [Fact(Timeout = 420_000)]
    public async Task A_runner_killed_during_fifty_ventures_is_replaced_by_one_that_finishes_them_all_within_two_minutes()
    {
        string suffix = Guid.NewGuid().ToString("N")[..12];
        string hub = $"crash{suffix}";
        string connection = await Azurite.GetConnectionStringAsync();
        JsonObject hostJson = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "host.json")))!.AsObject();
        hostJson["extensions"]!["durableTask"]!["hubName"] = hub;
        hostJson["logging"] = new JsonObject { ["logLevel"] = new JsonObject { ["default"] = "Warning", ["DurableTask"] = "Error" } };
        string root = ScriptRoot.Create(hostJson, new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connection,
            ["Keys__Master"] = TestRunner.MasterKey,
            ["HostId"] = hub,
            ["Gtm__StoragePrefix"] = $"C{suffix}",
            ["Gtm__Stage16Queue"] = $"stage16-{suffix}",
            ["Gtm__Stage18Queue"] = $"stage18-{suffix}",
            ["Gtm__Stage18Target"] = $"inbox-{suffix}",
            ["Gtm__MonitorSchedule"] = "0 0 0 1 1 *",
            ["AzureWebJobs.MonitorSchedule.Disabled"] = "true",
        });
        string[] ventures = [.. Enumerable.Range(0, Ventures).Select(n => $"crash-{suffix}-{n:D2}")];
        await using TaskHubClient hubClient = await TaskHubClient.StartAsync(connection, hub);
        DurableTaskClient durable = hubClient.Durable;

        using (HostProcess first = await HostProcess.StartProductAsync(root))
        {
            using var http = new HttpClient { BaseAddress = first.Address };
            http.DefaultRequestHeaders.Add("x-functions-key", TestRunner.MasterKey);
            await Parallel.ForEachAsync(ventures, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (venture, token) =>
            {
                using HttpResponseMessage accepted = await http.PostAsJsonAsync("/api/ventures", StandardVenture.Create(venture), token);
                Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            });

            // Killed mid-flight: once some ventures have launched and the others are still going.
            await Eventually.TrueAsync(async () => await CompletedAsync(durable, ventures) > 0, TimeSpan.FromMinutes(3), "a first venture launched");
            first.Kill();
        }

        int finishedBeforeKill = await CompletedAsync(durable, ventures);
        output.WriteLine($"ventures finished before SIGKILL: {finishedBeforeKill} of {Ventures}");
        Assert.True(finishedBeforeKill < Ventures, "every venture finished before the kill; the test proves nothing");

        var recovery = Stopwatch.StartNew();
        using (HostProcess second = await HostProcess.StartProductAsync(root))
        {
            await Eventually.TrueAsync(async () => await CompletedAsync(durable, ventures) == Ventures, TimeSpan.FromMinutes(4), "every venture finished after the restart");
            recovery.Stop();
            await second.TerminateAsync(TimeSpan.FromSeconds(60));
        }

        output.WriteLine($"recovery_s={recovery.Elapsed.TotalSeconds:F1} (restart to all {Ventures} finished)");
        foreach (string venture in ventures)
        {
            OrchestrationMetadata done = (await durable.GetInstanceAsync($"stage17-{venture}", getInputsAndOutputs: true))!;
            Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{venture}: {done.RuntimeStatus} {done.FailureDetails}");
            Assert.Equal("launched", JsonDocument.Parse(done.SerializedOutput!).RootElement.GetProperty("outcome").GetString());
        }

        await AssertEachCampaignProvisionedOnceAndLiveAsync(new TableClient(connection, $"C{suffix}SandboxCampaigns"), ventures);
        Assert.True(recovery.Elapsed < TimeSpan.FromMinutes(2), $"recovery took {recovery.Elapsed}");
        Directory.Delete(root, recursive: true);
    }

    private static async Task<int> CompletedAsync(DurableTaskClient durable, string[] ventures)
    {
        int completed = 0;
        await foreach (OrchestrationMetadata instance in durable.GetAllInstancesAsync(new OrchestrationQuery(InstanceIdPrefix: "stage17-crash-", Statuses: [OrchestrationRuntimeStatus.Completed], PageSize: 100)))
        {
            completed += ventures.Contains(instance.InstanceId["stage17-".Length..]) ? 1 : 0;
        }

        return completed;
    }

    /// <summary>One platform campaign per venture and campaign, and all of them active: nothing was provisioned twice or left behind.</summary>
    private static async Task AssertEachCampaignProvisionedOnceAndLiveAsync(TableClient sandbox, string[] ventures)
    {
        var rows = new List<TableEntity>();
        await foreach (TableEntity row in sandbox.QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        Assert.All(ventures, venture => Assert.Contains(rows, r => r.GetString("VentureId") == venture));
        Assert.All(rows.GroupBy(r => (r.GetString("VentureId"), r.GetString("CampaignId"))), campaign => Assert.Single(campaign));
        Assert.All(rows, row => Assert.Equal("Active", row.GetString("Status")));
    }
}
