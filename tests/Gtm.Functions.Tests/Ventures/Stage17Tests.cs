using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using Gtm.Channels;
using Gtm.Functions.Tests.Support;
using Gtm.Testing;
using Microsoft.DurableTask.Client;

namespace Gtm.Functions.Tests.Ventures;

[Trait("Category", "Integration")]
public sealed class Stage17Tests : OperatorApiTest
{
    [Fact(Timeout = 120_000)]
    public async Task A_standard_venture_goes_through_the_stage_launches_its_campaigns_and_is_handed_off()
    {
        string venture = $"std-{Guid.NewGuid():N}"[..20];
        using HttpResponseMessage accepted = await Client.PostAsJsonAsync("/api/ventures", StandardVenture.Create(venture));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        // Durable Functions' own status endpoint, served by the host outside the app's route prefix.
        Assert.Equal($"/runtime/webhooks/durabletask/instances/stage17-{venture}", accepted.Headers.Location!.AbsolutePath);
        JsonElement done = await DurableStatus.PollUntilDoneAsync(Client, accepted.Headers.Location!);
        JsonElement output = done.GetProperty("output");
        Assert.True(output.GetProperty("outcome").GetString() == "launched", done.ToString());
        Assert.Equal(1, output.GetProperty("configVersion").GetInt32());

        // 3 segments' preferred channels: controllers 2, cfos 2, accountants 3 campaigns.
        JsonElement[] campaigns = [.. output.GetProperty("campaigns").EnumerateArray()];
        Assert.Equal(7, campaigns.Length);
        Assert.Equal(["email", "google_ads", "linkedin", "meta"], campaigns.Select(c => c.GetProperty("channel").GetString()).Distinct().Order());
        ChannelAdapters channels = Host.Service<ChannelAdapters>();
        foreach (JsonElement campaign in campaigns)
        {
            PlatformCampaign onPlatform = await channels.For(campaign.GetProperty("channel").GetString()!).GetAsync(campaign.GetProperty("platformCampaignId").GetString()!, CancellationToken.None);
            Assert.Equal(CampaignStatus.Active, onPlatform.Status);
            Assert.True(onPlatform.DailyBudget > 0);
        }

        JsonElement versions = await Client.GetFromJsonAsync<JsonElement>($"/api/ventures/{venture}/versions");
        Assert.True(Assert.Single(versions.EnumerateArray()).GetProperty("lastKnownGood").GetBoolean());
        JsonElement trace = await Client.GetFromJsonAsync<JsonElement>($"/api/ventures/{venture}/lineage/campaign_template/{campaigns[0].GetProperty("campaignId").GetString()}");
        Assert.Equal(2, trace.GetArrayLength());
        Assert.Contains("TR-004", trace[0].GetProperty("rules").EnumerateArray().Select(r => r.GetString()));

        // The handoff is published, consumed, forwarded once, and the venture marked handed off.
        var inbox = new QueueClient(await Azurite.GetConnectionStringAsync(), Host.Values["Gtm__Stage18Target"]);
        await Eventually.TrueAsync(() => inbox.Exists() && inbox.GetProperties().Value.ApproximateMessagesCount == 1, TimeSpan.FromSeconds(60), "the forwarded handoff");
        await Eventually.TrueAsync(() => Client.GetFromJsonAsync<JsonElement>($"/api/ventures/{venture}").Result.GetProperty("state").GetString() == "handed_off", TimeSpan.FromSeconds(60), "handed off");
    }

    [Fact(Timeout = 120_000)]
    public async Task An_invalid_venture_gets_400_problem_details_and_nothing_is_started()
    {
        var body = StandardVenture.Create("bad-venture-1");
        body["market_strategy"]!["total_budget"]!["currency"] = "euro";
        body["marketing_channels"]![0]!["kind"] = "tiktok";
        using HttpResponseMessage response = await Client.PostAsJsonAsync("/api/ventures", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        string[] pointers = [.. problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("pointer").GetString()!)];
        Assert.Contains("/market_strategy/total_budget/currency", pointers);
        Assert.Contains("/marketing_channels/0/kind", pointers);
        Assert.Null(await Host.Service<DurableTaskClient>().GetInstanceAsync("stage17-bad-venture-1"));
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/runtime/webhooks/durabletask/instances/stage17-bad-venture-1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/api/ventures/bad-venture-1")).StatusCode);
    }
}
