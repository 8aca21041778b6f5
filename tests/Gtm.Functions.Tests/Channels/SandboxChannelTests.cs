using Azure.Data.Tables;
using Gtm.Channels;
using Gtm.Channels.Sandbox;
using Gtm.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Gtm.Functions.Tests.Channels;

/// <summary>The sandboxes as stateful simulations: platform units, spend only while active, scenarios, injected failures.</summary>
[Trait("Category", "Integration")]
public sealed class SandboxChannelTests : IAsyncLifetime
{
    private readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-11-24T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly SandboxFaults faults = new();
    private TableClient table = null!;

    public async Task InitializeAsync()
    {
        table = new TableClient(await Azurite.GetConnectionStringAsync(), $"Sandbox{Guid.NewGuid():N}");
        await table.CreateIfNotExistsAsync();
    }

    public async Task DisposeAsync() => await table.DeleteAsync();

    private SandboxChannel Channel(string channel) => new(channel, table, faults, time, timeScale: 1);

    private static ProvisionRequest Request(string key, string scenario = "healthy", decimal budget = 100m) => new(key, "v1", "c1", "Campaign", budget, "EUR", scenario);

    [Theory]
    [InlineData("google_ads", 100_000_000L, "micros")]
    [InlineData("meta", 10_000L, "minor_units")]
    [InlineData("linkedin", 10_000L, "amount_cents")]
    public async Task Budgets_are_kept_in_each_platforms_unit(string channel, long units, string unit)
    {
        PlatformCampaign campaign = await Channel(channel).ProvisionAsync(Request($"k-{channel}"), CancellationToken.None);
        Assert.Equal((units, unit, CampaignStatus.Paused, 100m), (campaign.BudgetInPlatformUnits, campaign.BudgetUnit, campaign.Status, campaign.DailyBudget));
    }

    [Fact]
    public async Task Provisioning_with_the_same_key_returns_the_same_campaign()
    {
        PlatformCampaign first = await Channel("meta").ProvisionAsync(Request("same"), CancellationToken.None);
        PlatformCampaign again = await Channel("meta").ProvisionAsync(Request("same"), CancellationToken.None);
        Assert.Equal(first.PlatformCampaignId, again.PlatformCampaignId);
    }

    [Fact]
    public async Task Spend_accrues_only_while_active_and_stops_when_paused()
    {
        SandboxChannel meta = Channel("meta");
        string id = (await meta.ProvisionAsync(Request("spend"), CancellationToken.None)).PlatformCampaignId;
        time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0m, (await meta.ReadMetricsAsync(id, CancellationToken.None)).Spend);

        await meta.ResumeAsync(id, CancellationToken.None);
        time.Advance(TimeSpan.FromDays(2));
        await meta.PauseAsync(id, CancellationToken.None);
        ChannelMetrics paused = await meta.ReadMetricsAsync(id, CancellationToken.None);
        Assert.Equal(200m, paused.Spend);
        Assert.True(paused.Clicks > 0 && paused.Conversions > 0);

        time.Advance(TimeSpan.FromDays(5));
        Assert.Equal(200m, (await meta.ReadMetricsAsync(id, CancellationToken.None)).Spend);
    }

    [Fact]
    public async Task A_roas_collapse_scenario_loses_metas_value_after_three_days()
    {
        SandboxChannel google = Channel("meta");
        string healthy = (await google.ProvisionAsync(Request("h", "healthy"), CancellationToken.None)).PlatformCampaignId;
        string collapse = (await google.ProvisionAsync(Request("c", "roas_collapse"), CancellationToken.None)).PlatformCampaignId;
        await google.ResumeAsync(healthy, CancellationToken.None);
        await google.ResumeAsync(collapse, CancellationToken.None);
        time.Advance(TimeSpan.FromDays(10));
        ChannelMetrics good = await google.ReadMetricsAsync(healthy, CancellationToken.None);
        ChannelMetrics bad = await google.ReadMetricsAsync(collapse, CancellationToken.None);
        Assert.Equal(good.Spend, bad.Spend);
        Assert.True(bad.Roas < good.Roas / 2, $"ROAS {bad.Roas} against {good.Roas}");
    }

    [Fact]
    public async Task Injected_failures_refuse_time_out_and_rate_limit_once_each()
    {
        SandboxChannel linkedin = Channel("linkedin");
        faults.Inject("linkedin", "provision", SandboxFault.Refuse);
        faults.Inject("linkedin", "provision", SandboxFault.RateLimit);
        var refused = await Assert.ThrowsAsync<ChannelRefusedException>(() => linkedin.ProvisionAsync(Request("f"), CancellationToken.None));
        Assert.False(refused.Retryable);
        var limited = await Assert.ThrowsAsync<ChannelException>(() => linkedin.ProvisionAsync(Request("f"), CancellationToken.None));
        Assert.True(limited.Retryable);
        Assert.NotNull(limited.RetryAfter);
        Assert.Equal(CampaignStatus.Paused, (await linkedin.ProvisionAsync(Request("f"), CancellationToken.None)).Status);
        Assert.Throws<ArgumentException>(() => faults.InjectFromSetting("linkedin:pause:Sometimes:1"));
    }
}
