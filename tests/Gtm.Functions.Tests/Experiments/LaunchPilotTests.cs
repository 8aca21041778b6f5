using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gtm.Activities.Storage;
using Gtm.Channels;
using Gtm.Channels.Sandbox;
using Gtm.Domain.Content;
using Gtm.Functions.Tests.Monitoring;
using Gtm.Functions.Tests.Support;
using Gtm.Functions.Tests.Ventures;
using Gtm.Testing;
using Microsoft.DurableTask.Client;

namespace Gtm.Functions.Tests.Experiments;

/// <summary>
/// The A/B pilot the exit gate starts by itself (SPEC C4), and a campaign's tests kept one at a
/// time: a test whose orchestration failed or was stopped frees its campaign, and of two requests
/// at the same instant one starts.
/// </summary>
[Trait("Category", "Integration")]
[Collection(nameof(MarketCollection))]
public sealed class LaunchPilotTests : IAsyncLifetime
{
    private SkippedTimeMarket market = null!;

    public async Task InitializeAsync() => market = await SkippedTimeMarket.StartAsync();

    public async Task DisposeAsync() => await market.DisposeAsync();

    private async Task<JsonElement[]> TestsAsync(string venture) => await market.Client.GetFromJsonAsync<JsonElement[]>($"/api/ventures/{venture}/ab-tests") ?? [];

    private static void NoPilot(JsonObject body) => body["ab_pilot"] = new JsonObject { ["opt_out"] = true };

    private Task<HttpResponseMessage> StartAsync(string venture, string campaign, string element) =>
        market.Client.PostAsJsonAsync($"/api/ventures/{venture}/ab-tests", new { campaign_id = campaign, element, pilot_share = 0.1, window_days = 7 });

    [Fact(Timeout = 300_000)]
    public async Task The_exit_gate_pilots_each_campaigns_first_element_with_variants_and_the_handoff_does_not_wait_for_it()
    {
        string venture = "pilot-auto";
        JsonElement launched = await market.LaunchAsync(venture, "healthy", body => body["ab_pilot"] = new JsonObject { ["share"] = 0.08, ["window_days"] = 7 });

        Assert.False(string.IsNullOrEmpty(launched.GetProperty("handoffMessageId").GetString()), "the handoff is published at launch");
        JsonElement[] campaigns = [.. launched.GetProperty("campaigns").EnumerateArray()];
        JsonElement[] pilots = [.. launched.GetProperty("pilots").EnumerateArray()];
        Assert.Equal(campaigns.Select(c => c.GetProperty("campaignId").GetString()).Order(), pilots.Select(p => p.GetProperty("campaignId").GetString()).Order());
        JsonElement[] tests = await TestsAsync(venture);
        Assert.Equal(campaigns.Length, tests.Length);
        foreach (JsonElement test in tests)
        {
            CampaignContent content = (await market.Service<ContentStore>().GetAsync(venture, test.GetProperty("campaign_id").GetString()!, 1, CancellationToken.None))!;
            Assert.Equal(content.Elements.First(e => e.Variants.Count >= 2).Kind, test.GetProperty("element").GetString());
            Assert.Equal(("running", 0.08), (test.GetProperty("status").GetString(), test.GetProperty("pilot_share").GetDouble()));
        }

        await market.RunAsync(TimeSpan.FromDays(8));

        Assert.All(await TestsAsync(venture), t =>
        {
            Assert.NotEqual("running", t.GetProperty("status").GetString());
            Assert.False(string.IsNullOrEmpty(t.GetProperty("served_variant_id").GetString()), t.ToString());
        });
    }

    [Fact(Timeout = 300_000)]
    public async Task A_venture_that_opts_out_gets_no_pilot()
    {
        JsonElement launched = await market.LaunchAsync("pilot-none", "healthy", NoPilot);

        Assert.Empty(launched.GetProperty("pilots").EnumerateArray());
        Assert.Empty(await TestsAsync("pilot-none"));
    }

    [Fact(Timeout = 300_000)]
    public async Task A_test_whose_experiment_failed_is_marked_failed_and_the_campaign_can_be_tested_again()
    {
        string venture = "pilot-fail";
        JsonElement campaign = (await market.LaunchAsync(venture, "healthy", NoPilot)).GetProperty("campaigns")[0];
        string id = campaign.GetProperty("campaignId").GetString()!;
        CampaignContent content = (await market.Service<ContentStore>().GetAsync(venture, id, 1, CancellationToken.None))!;
        string element = content.Elements.First(e => e.Variants.Count >= 2).Kind;
        market.Service<SandboxFaults>().Inject(campaign.GetProperty("channel").GetString()!, "experiment", SandboxFault.Refuse);

        using (HttpResponseMessage first = await StartAsync(venture, id, element))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        }

        await Eventually.TrueAsync(async () => (await TestsAsync(venture)).Single().GetProperty("status").GetString() == "failed", TimeSpan.FromSeconds(60), "the failed test to be recorded failed");
        using HttpResponseMessage again = await StartAsync(venture, id, element);

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(["failed", "running"], (await TestsAsync(venture)).Select(t => t.GetProperty("status").GetString()));
    }

    [Fact(Timeout = 300_000)]
    public async Task A_terminated_test_frees_its_campaign_and_its_platform_experiment_ends_with_the_control()
    {
        string venture = "pilot-stop";
        JsonElement launched = await market.LaunchAsync(venture, "healthy");
        JsonElement pilot = launched.GetProperty("pilots")[0];
        string testId = pilot.GetProperty("testId").GetString()!;
        await market.Service<DurableTaskClient>().TerminateInstanceAsync(testId, "operator stopped it");
        await Eventually.TrueAsync(async () => (await market.Service<DurableTaskClient>().GetInstanceAsync(testId))?.RuntimeStatus == OrchestrationRuntimeStatus.Terminated, TimeSpan.FromSeconds(30), "the test to stop");
        JsonElement test = (await TestsAsync(venture)).Single(t => t.GetProperty("test_id").GetString() == testId);

        using HttpResponseMessage again = await StartAsync(venture, pilot.GetProperty("campaignId").GetString()!, test.GetProperty("element").GetString()!);

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal("failed", (await TestsAsync(venture)).Single(t => t.GetProperty("test_id").GetString() == testId).GetProperty("status").GetString());
        JsonElement campaign = launched.GetProperty("campaigns").EnumerateArray().Single(c => c.GetProperty("campaignId").GetString() == pilot.GetProperty("campaignId").GetString());
        IChannelAdapter channel = market.Service<ChannelAdapters>().For(campaign.GetProperty("channel").GetString()!);
        string platformId = campaign.GetProperty("platformCampaignId").GetString()!;
        // Ended with the control (the next test may have started on the platform already, so what the end served tells).
        CampaignContent content = (await market.Service<ContentStore>().GetAsync(venture, pilot.GetProperty("campaignId").GetString()!, 1, CancellationToken.None))!;
        string element = test.GetProperty("element").GetString()!;
        Assert.Equal(content.Elements.Single(e => e.Kind == element).Variants[0].Id, (await channel.GetAsync(platformId, CancellationToken.None)).Served![element]);
    }

    [Fact(Timeout = 300_000)]
    public async Task A_rollback_stops_the_ventures_running_pilots_and_ends_their_experiments_with_the_control()
    {
        string venture = "pilot-rollback";
        JsonElement launched = await market.LaunchAsync(venture, "healthy");
        string[] pilots = [.. launched.GetProperty("pilots").EnumerateArray().Select(p => p.GetProperty("testId").GetString()!)];
        Assert.NotEmpty(pilots);

        JsonElement rollback = (await DurableStatus.PollUntilDoneAsync(market.Client, await VentureClient.StartRollbackAsync(market.Client, venture, "LEAD stops the launch"))).GetProperty("output");

        Assert.True(rollback.GetProperty("completed").GetBoolean(), rollback.ToString());
        Assert.All(await TestsAsync(venture), t => Assert.Equal("stopped", t.GetProperty("status").GetString()));
        var client = market.Service<DurableTaskClient>();
        foreach (string pilot in pilots)
        {
            Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await client.GetInstanceAsync(pilot))!.RuntimeStatus);
        }

        JsonElement campaign = launched.GetProperty("campaigns")[0];
        ExperimentMetrics onPlatform = await market.Service<ChannelAdapters>().For(campaign.GetProperty("channel").GetString()!)
            .ReadExperimentAsync(campaign.GetProperty("platformCampaignId").GetString()!, pilots[0], CancellationToken.None);
        Assert.False(onPlatform.Running);
    }

    [Fact(Timeout = 300_000)]
    public async Task Of_two_requests_for_one_campaign_at_the_same_instant_one_starts()
    {
        string venture = "pilot-race";
        JsonElement campaign = (await market.LaunchAsync(venture, "healthy", NoPilot)).GetProperty("campaigns")[0];
        string id = campaign.GetProperty("campaignId").GetString()!;
        CampaignContent content = (await market.Service<ContentStore>().GetAsync(venture, id, 1, CancellationToken.None))!;
        string[] elements = [.. content.Elements.Where(e => e.Variants.Count >= 2).Select(e => e.Kind).Take(2)];
        Assert.Equal(2, elements.Length);

        HttpResponseMessage[] answers = await Task.WhenAll(elements.Select(e => StartAsync(venture, id, e)));

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        Assert.Single(await TestsAsync(venture));
        foreach (HttpResponseMessage answer in answers)
        {
            answer.Dispose();
        }
    }
}
