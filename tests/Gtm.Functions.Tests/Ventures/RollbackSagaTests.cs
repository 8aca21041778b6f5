using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gtm.Activities.Storage;
using Gtm.Channels;
using Gtm.Channels.Sandbox;
using Gtm.Functions.Tests.Support;
using Gtm.Testing;

namespace Gtm.Functions.Tests.Ventures;

[Trait("Category", "Integration")]
public sealed class RollbackSagaTests : OperatorApiTest
{
    private SandboxFaults Faults => Host.Service<SandboxFaults>();

    private async Task<PlatformCampaign[]> CampaignsAsync(JsonElement launched)
    {
        ChannelAdapters channels = Host.Service<ChannelAdapters>();
        return await Task.WhenAll(launched.GetProperty("campaigns").EnumerateArray().Select(c =>
            channels.For(c.GetProperty("channel").GetString()!).GetAsync(c.GetProperty("platformCampaignId").GetString()!, CancellationToken.None)));
    }

    [Fact(Timeout = 120_000)]
    public async Task A_failing_step_is_retried_and_the_rollback_restores_and_reactivates_the_last_good_version()
    {
        string venture = $"rb-{Guid.NewGuid():N}"[..16];
        JsonElement launched = await VentureClient.LaunchAsync(Client, venture);
        Faults.Inject("linkedin", "pause", SandboxFault.Timeout, times: 2);
        Faults.Inject("meta", "budget", SandboxFault.RateLimit, times: 1);

        JsonElement done = await DurableStatus.PollUntilDoneAsync(Client, await VentureClient.StartRollbackAsync(Client, venture));
        JsonElement result = done.GetProperty("output");
        Assert.True(result.GetProperty("completed").GetBoolean(), done.ToString());
        Assert.True(result.GetProperty("verified").GetBoolean());
        Assert.Equal(2, result.GetProperty("restoredVersion").GetInt32());
        Assert.All(await CampaignsAsync(launched), c => Assert.Equal(CampaignStatus.Active, c.Status));
        JsonElement venture2 = await Client.GetFromJsonAsync<JsonElement>($"/api/ventures/{venture}");
        Assert.Equal("rolled_back", venture2.GetProperty("state").GetString());
    }

    [Fact(Timeout = 120_000)]
    public async Task When_a_later_step_keeps_failing_spend_stays_stopped_and_the_venture_is_rollback_failed()
    {
        string venture = $"rbf-{Guid.NewGuid():N}"[..16];
        JsonElement launched = await VentureClient.LaunchAsync(Client, venture);
        Faults.Inject("google_ads", "resume", SandboxFault.Refuse, times: 50);

        JsonElement result = (await DurableStatus.PollUntilDoneAsync(Client, await VentureClient.StartRollbackAsync(Client, venture))).GetProperty("output");
        Assert.False(result.GetProperty("completed").GetBoolean());
        Assert.Contains(result.GetProperty("problems").EnumerateArray(), p => p.GetString()!.Contains("reactivate failed", StringComparison.Ordinal));
        PlatformCampaign[] campaigns = await CampaignsAsync(launched);
        Assert.All(campaigns.Where(c => c.Channel == "google_ads"), c => Assert.Equal(CampaignStatus.Paused, c.Status));
        Assert.All(campaigns.Where(c => c.Channel == "google_ads"), c => Assert.Equal(0, c.BudgetInPlatformUnits));
        Assert.Equal("rollback_failed", (await Client.GetFromJsonAsync<JsonElement>($"/api/ventures/{venture}")).GetProperty("state").GetString());
        Faults.Clear();
    }

    [Fact(Timeout = 120_000)]
    public async Task Campaigns_created_before_provisioning_failed_for_good_are_found_by_their_keys_and_rolled_back()
    {
        string venture = $"rbp-{Guid.NewGuid():N}"[..16];
        // Meta times out on all five attempts; the other platforms created their campaigns on the first.
        Faults.Inject("meta", "provision", SandboxFault.Timeout, times: 5);

        JsonElement output = await VentureClient.LaunchAsync(Client, venture);
        Faults.Clear();

        Assert.True(output.GetProperty("outcome").GetString() == "rolled_back", output.ToString());
        JsonElement[] found = [.. output.GetProperty("campaigns").EnumerateArray()];
        Assert.Equal(["email", "google_ads", "linkedin"], found.Select(c => c.GetProperty("channel").GetString()).Distinct().Order());
        Assert.True(output.GetProperty("rollback").GetProperty("verified").GetBoolean(), output.ToString());
        Assert.All(await CampaignsAsync(output), c => Assert.Equal((CampaignStatus.Paused, 0L), (c.Status, c.BudgetInPlatformUnits)));
    }

    [Fact(Timeout = 120_000)]
    public async Task Rolling_back_twice_gives_the_same_channel_state_and_versions_stay_append_only()
    {
        string venture = $"rb2-{Guid.NewGuid():N}"[..16];
        JsonElement launched = await VentureClient.LaunchAsync(Client, venture);
        await DurableStatus.PollUntilDoneAsync(Client, await VentureClient.StartRollbackAsync(Client, venture, "first"));
        PlatformCampaign[] afterFirst = await CampaignsAsync(launched);
        await Task.Delay(5);
        await DurableStatus.PollUntilDoneAsync(Client, await VentureClient.StartRollbackAsync(Client, venture, "second"));
        PlatformCampaign[] afterSecond = await CampaignsAsync(launched);
        Assert.Equal(afterFirst.Select(c => (c.Status, c.BudgetInPlatformUnits)), afterSecond.Select(c => (c.Status, c.BudgetInPlatformUnits)));

        JsonElement versions = await Client.GetFromJsonAsync<JsonElement>($"/api/ventures/{venture}/versions");
        Assert.Equal([1, 2, 3], versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        JsonElement diff = await Client.GetFromJsonAsync<JsonElement>($"/api/ventures/{venture}/versions/1/diff/3");
        Assert.Empty(diff.GetProperty("changes").EnumerateArray());
    }

    [Fact(Timeout = 60_000)]
    public async Task A_version_appended_twice_with_the_same_key_is_one_version()
    {
        ConfigVersionStore versions = Host.Service<ConfigVersionStore>();
        string venture = $"idem-{Guid.NewGuid():N}"[..16];
        int first = await versions.AppendAsync(venture, "{}", "test", "first", "instance-1:commit", DateTimeOffset.UtcNow, CancellationToken.None);
        int again = await versions.AppendAsync(venture, "{}", "test", "first", "instance-1:commit", DateTimeOffset.UtcNow, CancellationToken.None);
        int other = await versions.AppendAsync(venture, "{}", "test", "second", "instance-2:commit", DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal((1, 1, 2), (first, again, other));
        Assert.Equal(2, (await versions.ListAsync(venture, CancellationToken.None)).Count);
    }

    [Fact(Timeout = 120_000)]
    public async Task Manual_rollback_needs_the_master_key_and_says_who_and_why()
    {
        using HttpClient functionKeyOnly = Host.CreateClient();
        functionKeyOnly.DefaultRequestHeaders.Add("x-functions-key", FunctionsHost.FunctionKey);
        using HttpResponseMessage refused = await functionKeyOnly.PostAsJsonAsync("/api/ventures/any/rollback", new { requestedBy = "x", reason = "y" });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using HttpResponseMessage incomplete = await Client.PostAsJsonAsync("/api/ventures/any/rollback", new { reason = "y" });
        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);

        string venture = $"rbm-{Guid.NewGuid():N}"[..16];
        await VentureClient.LaunchAsync(Client, venture);
        Uri status = await VentureClient.StartRollbackAsync(Client, venture, "conversion dropped");
        await DurableStatus.PollUntilDoneAsync(Client, status);
        AuditEntry entry = Assert.Single(await Host.Service<AuditLog>().ListAsync(venture, CancellationToken.None));
        Assert.Equal(("lead@studio", "manual rollback to last known good", "conversion dropped"), (entry.Who, entry.What, entry.Why));
        Assert.Equal(status.Segments[^1], entry.Instance);
    }
}
