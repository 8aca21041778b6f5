using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Gtm.Channels;
using Gtm.Channels.Sandbox;
using Gtm.Functions.Tests.Support;
using Gtm.Testing;

namespace Gtm.Functions.Tests.Ventures;

/// <summary>
/// A host dies in the middle of a rollback saga: it loses its storage at once, as a crashed host
/// does, and another host of the same app on the same task hub takes the saga over once the dead
/// host's leases and message locks lapse. (Killing the runner's process is the runner's own test.)
/// </summary>
[Trait("Category", "Integration")]
public sealed class RollbackCrashTests
{
    [Fact(Timeout = 240_000)]
    public async Task A_host_that_dies_in_the_middle_of_a_rollback_saga_leaves_spend_stopped_and_another_host_finishes_it()
    {
        string app = Guid.NewGuid().ToString("N")[..10];
        string venture = $"crash-{app}";
        var shared = new Dictionary<string, string?>
        {
            ["HostId"] = $"app-{app}",
            ["Gtm__StoragePrefix"] = $"C{app}",
            ["Gtm__Stage16Queue"] = $"s16-{app}",
            ["Gtm__Stage18Queue"] = $"s18-{app}",
            ["Gtm__Stage18Target"] = $"in-{app}",
            ["AzureWebJobs.MonitorSchedule.Disabled"] = "true",
        };

        await using SeverableStorage link = await SeverableStorage.StartAsync();
        FunctionsHost first = await FunctionsHost.StartAsync(
            hostJson =>
            {
                OneHub(app)(hostJson);

                // Once cut off, its task hub can only fail: those errors are the point, not news.
                hostJson["logging"]!["logLevel"]!["DurableTask"] = "None";
            },
            new Dictionary<string, string?>(shared) { ["AzureWebJobsStorage"] = link.ConnectionString });
        OnChannel[] campaigns;
        Uri status;
        try
        {
            using HttpClient client = MasterClient(first);
            JsonElement launched = await VentureClient.LaunchAsync(client, venture);
            Assert.Equal("launched", launched.GetProperty("outcome").GetString());
            campaigns = [.. launched.GetProperty("campaigns").EnumerateArray().Select(c => new OnChannel(c.GetProperty("channel").GetString()!, c.GetProperty("platformCampaignId").GetString()!))];

            // LinkedIn's pauses time out five times each: the saga is still retrying them when the host dies.
            first.Service<SandboxFaults>().Inject("linkedin", "pause", SandboxFault.Timeout, times: 5 * campaigns.Count(c => c.Channel == "linkedin"));
            status = await VentureClient.StartRollbackAsync(client, venture, "crash test");
            ChannelAdapters channels = first.Service<ChannelAdapters>();
            await Eventually.TrueAsync(async () => await AllPausedAsync(channels, campaigns.Where(c => c.Channel != "linkedin")), TimeSpan.FromSeconds(30), "spend stopped on the other channels");
            // The stops can be seen on the channels before the instance's status row shows the step: read it until it does.
            JsonElement running = default;
            await Eventually.TrueAsync(async () => (running = await client.GetFromJsonAsync<JsonElement>(status)).GetProperty("customStatus").ValueKind != JsonValueKind.Null, TimeSpan.FromSeconds(30), "the saga's custom status");
            Assert.Equal(("Running", "stop_spend"), (running.GetProperty("runtimeStatus").GetString(), running.GetProperty("customStatus").GetProperty("step").GetString()));
            await link.SeverAsync();
        }
        finally
        {
            await StopCutOffAsync(first);
        }

        // No host runs the saga now: what it stopped stays stopped and spends nothing.
        TableClient sandbox = new(await Azurite.GetConnectionStringAsync(), $"C{app}SandboxCampaigns");
        OnChannel[] stopped = [.. campaigns.Where(c => c.Channel != "linkedin")];
        decimal[] spent = await Task.WhenAll(stopped.Select(c => Sandbox(sandbox, c.Channel).ReadMetricsAsync(c.PlatformCampaignId, CancellationToken.None)).Select(async m => (await m).Spend));
        await Task.Delay(TimeSpan.FromSeconds(1));
        foreach ((OnChannel campaign, decimal before) in stopped.Zip(spent))
        {
            PlatformCampaign now = await Sandbox(sandbox, campaign.Channel).GetAsync(campaign.PlatformCampaignId, CancellationToken.None);
            Assert.Equal((CampaignStatus.Paused, 0L), (now.Status, now.BudgetInPlatformUnits));
            Assert.Equal(before, (await Sandbox(sandbox, campaign.Channel).ReadMetricsAsync(campaign.PlatformCampaignId, CancellationToken.None)).Spend);
        }

        await using FunctionsHost second = await FunctionsHost.StartAsync(OneHub(app), shared);
        using HttpClient restarted = MasterClient(second);
        JsonElement done = await DurableStatus.PollUntilDoneAsync(restarted, new Uri(status.PathAndQuery, UriKind.Relative), TimeSpan.FromSeconds(150));
        JsonElement result = done.GetProperty("output");
        Assert.True(result.GetProperty("completed").GetBoolean() && result.GetProperty("verified").GetBoolean(), done.ToString());
        Assert.Equal("rolled_back", (await restarted.GetFromJsonAsync<JsonElement>($"/api/ventures/{venture}")).GetProperty("state").GetString());

        // The restore ran once across both hosts, and every campaign is back on.
        JsonElement versions = await restarted.GetFromJsonAsync<JsonElement>($"/api/ventures/{venture}/versions");
        Assert.Equal([1, 2], versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        ChannelAdapters adapters = second.Service<ChannelAdapters>();
        foreach (OnChannel campaign in campaigns)
        {
            Assert.Equal(CampaignStatus.Active, (await adapters.For(campaign.Channel).GetAsync(campaign.PlatformCampaignId, CancellationToken.None)).Status);
        }
    }

    /// <summary>
    /// One app on one task hub, whose message locks lapse 30 s after their holder is gone: shorter
    /// would hasten the takeover, but on a loaded machine a lock must outlast a slow episode, or
    /// the same message runs twice.
    /// </summary>
    private static Action<JsonObject> OneHub(string app) => hostJson =>
    {
        JsonNode durable = hostJson["extensions"]!["durableTask"]!;
        durable["hubName"] = $"C{app}";
        durable["storageProvider"]!["controlQueueVisibilityTimeout"] = "00:00:30";
        durable["storageProvider"]!["workItemQueueVisibilityTimeout"] = "00:00:30";
    };

    private static async Task<bool> AllPausedAsync(ChannelAdapters channels, IEnumerable<OnChannel> campaigns)
    {
        foreach (OnChannel campaign in campaigns)
        {
            if ((await channels.For(campaign.Channel).GetAsync(campaign.PlatformCampaignId, CancellationToken.None)).Status != CampaignStatus.Paused)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The sandbox's state of a channel, read straight from its table.</summary>
    private static SandboxChannel Sandbox(TableClient table, string channel) => new(channel, table, new SandboxFaults(), TimeProvider.System, timeScale: 1);

    /// <summary>Stops a host that has lost its storage without waiting for what it holds, as a crash would.</summary>
    private static async Task StopCutOffAsync(FunctionsHost host)
    {
        using var now = new CancellationTokenSource();
        await now.CancelAsync();
        try
        {
            await host.App.StopAsync(now.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or AggregateException)
        {
            // Expected: nothing it holds can be given back.
        }

        await host.DisposeAsync();
    }

    private static HttpClient MasterClient(FunctionsHost host)
    {
        HttpClient client = host.CreateClient();
        client.DefaultRequestHeaders.Add("x-functions-key", FunctionsHost.MasterKey);
        return client;
    }

    private sealed record OnChannel(string Channel, string PlatformCampaignId);
}
