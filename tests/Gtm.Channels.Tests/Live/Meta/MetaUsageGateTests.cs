using System.Text.Json.Nodes;
using Gtm.Channels.Live.Meta;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using static Gtm.Channels.Tests.Live.Meta.MetaStub;

namespace Gtm.Channels.Tests.Live.Meta;

/// <summary>Meta's usage headers holding further calls, on a fake clock: the calls go when the clock says, not before.</summary>
public sealed class MetaUsageGateTests : IDisposable
{
    private readonly MetaStub stub = new();
    private readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-11-30T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public void Dispose() => stub.Dispose();

    /// <summary>The adapter on the fake clock, with attempts long enough to wait out a minute's hold inside one.</summary>
    private (IChannelAdapter Meta, MetaUsageGate Gate) Adapter()
    {
        ServiceProvider services = stub.Services(
            s =>
            {
                s["Gtm:Channels:Meta:AttemptTimeout"] = "00:05:00";
                s["Gtm:Channels:Meta:TotalTimeout"] = "00:10:00";
            },
            time);
        return (services.GetRequiredService<ChannelAdapters>().For("meta"), services.GetRequiredService<MetaUsageGate>());
    }

    /// <summary>The campaign read answers plainly; the account read carries <paramref name="usage"/>.</summary>
    private void AnswersWithUsage(string usage)
    {
        stub.Campaign("777", "Spring launch · v1/c1 · gtm-0123456789abcdef", "ACTIVE", 1000);
        stub.Server.Given(Request.Create().WithPath(AccountPath).UsingGet())
            .RespondWith(Json(new JsonObject { ["currency"] = "EUR", ["id"] = $"act_{Account}" }).WithHeader("X-Business-Use-Case-Usage", usage));
        stub.Update("777");
    }

    [Fact]
    public async Task Usage_at_the_high_water_mark_holds_the_next_call_until_the_cool_down_has_passed()
    {
        AnswersWithUsage(BusinessUseCaseUsage(callCount: 96, regainMinutes: 0));
        (IChannelAdapter meta, MetaUsageGate gate) = Adapter();
        await meta.GetAsync("777", CancellationToken.None);

        Task<PlatformCampaign> pause = meta.PauseAsync("777", CancellationToken.None);
        await WaitUntil(() => gate.Waiting == 1);
        time.Advance(MetaUsage.CoolDown - TimeSpan.FromSeconds(1));
        await WaitUntil(() => gate.Waiting == 1);
        int sentWhileHeld = stub.Requests.Count;
        time.Advance(TimeSpan.FromSeconds(1));
        PlatformCampaign paused = await pause.WaitAsync(TimeSpan.FromSeconds(30));

        // The read before the hold: the campaign, its ads and the account (whose answer carried the usage).
        Assert.Equal(3, sentWhileHeld);
        Assert.Equal("777", paused.PlatformCampaignId);
        var update = Assert.Single(stub.RequestsTo("POST", $"{Graph}/777"));
        Assert.Equal(new() { ["status"] = "PAUSED" }, Form(update));
        Assert.Null(gate.HeldUntil);
    }

    [Fact]
    public async Task A_throttled_business_turns_calls_away_with_metas_estimate_until_access_is_regained()
    {
        AnswersWithUsage(BusinessUseCaseUsage(callCount: 100, regainMinutes: 5));
        (IChannelAdapter meta, MetaUsageGate gate) = Adapter();
        await meta.GetAsync("777", CancellationToken.None);

        var held = await Assert.ThrowsAsync<ChannelException>(() => meta.PauseAsync("777", CancellationToken.None));
        time.Advance(TimeSpan.FromMinutes(5));
        PlatformCampaign paused = await meta.PauseAsync("777", CancellationToken.None);

        Assert.True(held.Retryable);
        Assert.Equal(TimeSpan.FromMinutes(5), held.RetryAfter);
        Assert.Contains("usage limit", held.Message, StringComparison.Ordinal);
        Assert.Single(stub.RequestsTo("POST", $"{Graph}/777"));
        Assert.Equal("777", paused.PlatformCampaignId);
        Assert.Equal(0, gate.Waiting);
    }

    [Fact]
    public async Task Usage_below_the_high_water_mark_holds_nothing()
    {
        AnswersWithUsage(BusinessUseCaseUsage(callCount: 94, regainMinutes: 0));
        (IChannelAdapter meta, MetaUsageGate gate) = Adapter();
        await meta.GetAsync("777", CancellationToken.None);

        PlatformCampaign paused = await meta.PauseAsync("777", CancellationToken.None);

        Assert.Null(gate.HeldUntil);
        Assert.Equal("777", paused.PlatformCampaignId);
        Assert.Single(stub.RequestsTo("POST", $"{Graph}/777"));
    }

    /// <summary>A guard against a hang, not a timing assertion: what it waits for happens as soon as the thread pool runs it.</summary>
    private static async Task WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 10_000 && !condition(); i++)
        {
            await Task.Delay(1);
        }

        Assert.True(condition(), "the call never reached the gate");
    }
}
