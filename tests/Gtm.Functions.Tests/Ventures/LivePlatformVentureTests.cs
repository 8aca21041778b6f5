using System.Net.Http.Json;
using System.Text.Json;
using Gtm.Activities.Launch;
using Gtm.Activities.Storage;
using Gtm.Functions.Monitoring;
using Gtm.Functions.Tests.Support;
using Gtm.Functions.Tests.Support.LivePlatforms;
using Gtm.Orchestrations;
using Gtm.Testing;
using Microsoft.DurableTask.Client;
using Xunit.Abstractions;

namespace Gtm.Functions.Tests.Ventures;

/// <summary>
/// A whole venture with all four channels in live mode, each pointed at a simulation of its
/// platform (HubSpot, LinkedIn, Google Ads, Meta) that keeps campaigns in memory and lets them
/// deliver while active: launched through the API, evaluated once by the monitoring on the
/// platforms' metrics, and rolled back by the LEAD operator. What the platforms were told is read
/// from the simulations' state, what the product says from its API.
/// </summary>
[Trait("Category", "Integration")]
public sealed class LivePlatformVentureTests(ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    /// <summary>A market day every three seconds: the first evaluation is due a market day after launch.</summary>
    private const double TimeScale = 28_800;

    private readonly LivePlatforms platforms = new(TimeScale);
    private FunctionsHost host = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        Dictionary<string, string?> settings = platforms.Settings();
        settings["Gtm__TimeScale"] = TimeScale.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // The test starts the evaluation as the timer would, once, so no second one overlaps the rollback.
        settings["Gtm__MonitorSchedule"] = "0 0 0 1 1 *";
        host = await FunctionsHost.StartAsync(values: settings);
        client = host.CreateClient();
        client.DefaultRequestHeaders.Add("x-functions-key", FunctionsHost.MasterKey);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    /// <summary>After the host (xUnit disposes it first), so no call is left without its platform.</summary>
    public void Dispose() => platforms.Dispose();

    [Fact(Timeout = 240_000)]
    public async Task A_venture_on_live_platforms_is_launched_monitored_and_rolled_back_with_spend_stopped_on_every_platform()
    {
        string venture = $"live-{Guid.NewGuid():N}"[..16];
        // No A/B pilot: the simulations keep campaigns, not experiments (the clients' stub tests cover those).
        System.Text.Json.Nodes.JsonObject body = StandardVenture.Create(venture);
        body["ab_pilot"] = new System.Text.Json.Nodes.JsonObject { ["opt_out"] = true };
        JsonElement launch = await VentureClient.LaunchAsync(client, body);
        Assert.True(launch.GetProperty("outcome").GetString() == "launched", launch.ToString());
        LaunchedCampaign[] launched = launch.GetProperty("campaigns").Deserialize<LaunchedCampaign[]>(JsonSerializerOptions.Web)!;
        (LaunchedCampaign Launched, SimulatedCampaign OnPlatform)[] live = [.. launched.Select(c => (c, platforms.For(c.Channel).Campaign(c.PlatformCampaignId)))];
        Assert.Equal(["email", "google_ads", "linkedin", "meta"], live.Select(c => c.Launched.Channel).Distinct().Order());

        foreach ((LaunchedCampaign campaign, SimulatedCampaign onPlatform) in live)
        {
            AssertCreatedPausedThenActivated(campaign, onPlatform);
            Assert.Contains($"{venture}/{campaign.CampaignId}", onPlatform.Name, StringComparison.Ordinal);
        }

        Assert.All(await CampaignsAsync(venture), c => Assert.Equal("active", c.GetProperty("status").GetString()));

        // The content team posts the launch creative on one LinkedIn campaign, two search ads on a Google campaign and the launch ad on one Meta campaign; the others have none yet.
        platforms.LinkedIn.AttachCreative(live.First(c => c.Launched.Channel == "linkedin").Launched.PlatformCampaignId, "Launch post");
        string searchCampaign = live.First(c => c.Launched.Channel == "google_ads").Launched.PlatformCampaignId;
        platforms.GoogleAds.AttachAd(searchCampaign, "utm_content=gtm-gen-1");
        platforms.GoogleAds.AttachAd(searchCampaign, "utm_source=google&utm_content=gtm-gen-1");
        string metaWithAd = live.First(c => c.Launched.Channel == "meta").Launched.PlatformCampaignId;
        platforms.Meta.AttachAd(metaWithAd, "Launch ad");

        JsonElement evaluation = await EvaluateOnceAsync(venture);
        output.WriteLine(string.Join("; ", evaluation.GetProperty("decisions").EnumerateArray().Select(d => $"{d.GetProperty("metric")} {d.GetProperty("level")} {d.GetProperty("value")}")));
        Assert.Equal("none", evaluation.GetProperty("verdict").GetProperty("action").GetString());
        await AssertTotalsAreWhatThePlatformsReportedAsync(venture);

        DateTimeOffset asked = DateTimeOffset.UtcNow;
        JsonElement rollback = (await DurableStatus.PollUntilDoneAsync(client, await VentureClient.StartRollbackAsync(client, venture, "LEAD stops the launch"))).GetProperty("output");
        Assert.True(rollback.GetProperty("completed").GetBoolean() && rollback.GetProperty("verified").GetBoolean(), rollback.ToString());
        Assert.Equal("rolled_back", (await client.GetFromJsonAsync<JsonElement>($"/api/ventures/{venture}")).GetProperty("state").GetString());
        AssertSpendStoppedEverywhereBeforeAnythingWasReactivated(live, asked);
        foreach ((LaunchedCampaign campaign, SimulatedCampaign onPlatform) in live)
        {
            // The restored version is the launch's: each campaign runs again on its launch budget.
            Assert.Equal((true, campaign.DailyBudget), (onPlatform.Active, onPlatform.DailyBudget));
        }

        // ... and serves its launch content: the launch ad is still the one serving.
        Assert.Equal([("Launch ad", "ACTIVE")], platforms.Meta.Ads(metaWithAd).Select(a => (a.Name, a.Status)));

        foreach (SimulatedPlatform platform in platforms.All)
        {
            output.WriteLine($"{platform.Channel}: {platform.Campaigns.Count} campaigns, {platform.Calls.Count} requests, {platform.Campaigns.Sum(c => c.Totals.Clicks):0} clicks, {platform.Campaigns.Sum(c => c.Totals.Spend):0.00} spent");
            Assert.NotEmpty(platform.Calls);
            Assert.True(platform.Violations.Count == 0, $"{platform.Channel}: {string.Join("\n", platform.Violations)}");
        }
    }

    /// <summary>
    /// Created paused on its launch budget and kept paused through the exit gate's drill (a paused
    /// campaign is stopped; the budget stays above the platform's minimum), then activated by the launch.
    /// </summary>
    private static void AssertCreatedPausedThenActivated(LaunchedCampaign campaign, SimulatedCampaign onPlatform)
    {
        IReadOnlyList<CampaignState> history = onPlatform.History;
        string story = $"{campaign.Channel} {campaign.PlatformCampaignId}: {string.Join(" > ", history.Select(s => $"{s.Status} {s.DailyBudget}"))}";
        Assert.True((false, campaign.DailyBudget) == (history[0].Active, history[0].DailyBudget), story);
        Assert.True(history.ToList().FindIndex(s => s.Active) > 0, story);
        Assert.True((true, campaign.DailyBudget) == (history[^1].Active, history[^1].DailyBudget), story);
    }

    /// <summary>Starts the venture's first evaluation once it is due, as the monitoring timer does, and returns its recorded decisions.</summary>
    private async Task<JsonElement> EvaluateOnceAsync(string venture)
    {
        MonitoredVenture monitored = (await host.Service<MonitoringStore>().GetAsync(venture, CancellationToken.None))!;
        var durable = host.Service<DurableTaskClient>();
        var scheduler = host.Service<MonitoringScheduler>();
        string instance = new EvaluationInput(venture, monitored.NextDueAt).InstanceId;
        await Eventually.TrueAsync(
            async () => await scheduler.StartDueAsync(durable, CancellationToken.None) > 0 || await durable.GetInstanceAsync(instance) is not null,
            TimeSpan.FromSeconds(30),
            "the first evaluation to fall due and start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        OrchestrationMetadata done = await durable.WaitForInstanceCompletionAsync(instance, timeout.Token);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{instance} {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
        return Assert.Single(await client.GetFromJsonAsync<JsonElement[]>($"/api/ventures/{venture}/decisions") ?? []);
    }

    /// <summary>The evaluation's snapshot holds, per channel, the sums of what its platform reported for the venture's campaigns, which delivered.</summary>
    private async Task AssertTotalsAreWhatThePlatformsReportedAsync(string venture)
    {
        JsonElement snapshot = Assert.Single(await client.GetFromJsonAsync<JsonElement[]>($"/api/ventures/{venture}/metrics") ?? []);
        foreach (SimulatedPlatform platform in platforms.All)
        {
            MetricsAnswer[] answers = [.. platform.MetricsAnswers.GroupBy(a => a.CampaignId).Select(g => g.Last())];
            Assert.Equal(platform.Campaigns.Count, answers.Length);
            JsonElement totals = snapshot.GetProperty("totals").EnumerateArray().Single(t => t.GetProperty("channel").GetString() == platform.Channel);
            Assert.Equal(
                (answers.Sum(a => a.Impressions), answers.Sum(a => a.Clicks), answers.Sum(a => a.Spend)),
                (totals.GetProperty("impressions").GetInt64(), totals.GetProperty("clicks").GetInt64(), totals.GetProperty("spend").GetDecimal()));
            Assert.True(answers.Sum(a => a.Clicks) > 0, $"{platform.Channel} delivered nothing");
        }
    }

    /// <summary>After the rollback was asked for, every campaign on every platform was paused before any was re-activated.</summary>
    private static void AssertSpendStoppedEverywhereBeforeAnythingWasReactivated((LaunchedCampaign Launched, SimulatedCampaign OnPlatform)[] live, DateTimeOffset asked)
    {
        DateTimeOffset? Stop(SimulatedCampaign c) => c.History.FirstOrDefault(s => s.At >= asked && s.Stopped)?.At;
        DateTimeOffset? Reactivation(SimulatedCampaign c) => c.History.FirstOrDefault(s => s.At >= asked && s.Active)?.At;
        Assert.All(live, c => Assert.True(Stop(c.OnPlatform) is not null, $"{c.Launched.Channel} {c.Launched.PlatformCampaignId} was never stopped"));
        DateTimeOffset allStopped = live.Max(c => Stop(c.OnPlatform)!.Value);
        Assert.All(live, c => Assert.True(Reactivation(c.OnPlatform) > allStopped, $"{c.Launched.Channel} {c.Launched.PlatformCampaignId} ran again before every campaign was stopped"));
    }

    private async Task<JsonElement[]> CampaignsAsync(string venture) =>
        await client.GetFromJsonAsync<JsonElement[]>($"/api/ventures/{venture}/campaigns") ?? [];
}
