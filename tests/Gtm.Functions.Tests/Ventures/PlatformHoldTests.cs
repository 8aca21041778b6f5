using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gtm.Channels;
using Gtm.Channels.Sandbox;
using Gtm.Functions.Tests.Monitoring;
using Gtm.Orchestrations;
using Gtm.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Gtm.Functions.Tests.Ventures;

/// <summary>
/// A platform that says when to come back (a 429's Retry-After, Meta's usage hold) is called again
/// then, on a durable timer: the stage waits out the hold instead of spending its retries within
/// seconds and rolling back.
/// </summary>
[Trait("Category", "Integration")]
[Collection(nameof(MarketCollection))]
public sealed class PlatformHoldTests : IAsyncLifetime
{
    private SkippedTimeMarket market = null!;

    public async Task InitializeAsync() => market = await SkippedTimeMarket.StartAsync();

    public async Task DisposeAsync() => await market.DisposeAsync();

    [Fact(Timeout = 120_000)]
    public async Task A_launch_told_to_come_back_in_half_an_hour_calls_again_then_and_goes_on()
    {
        string venture = $"hold-{Guid.NewGuid():N}"[..16];
        market.Service<SandboxFaults>().Inject("linkedin", "provision", SandboxFault.RateLimit, retryAfter: TimeSpan.FromMinutes(30));
        DateTimeOffset asked = market.Now;

        using HttpResponseMessage accepted = await market.Client.PostAsJsonAsync("/api/ventures", StandardVenture.Create(venture));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var durable = market.Service<DurableTaskClient>();
        string instance = $"stage17-{venture}";
        await market.RunUntilAsync(async () => (await durable.GetInstanceAsync(instance))?.IsCompleted == true, TimeSpan.FromHours(2));

        OrchestrationMetadata done = (await durable.GetInstanceAsync(instance, getInputsAndOutputs: true))!;
        JsonElement output = JsonDocument.Parse(done.SerializedOutput!).RootElement;
        Assert.True(output.GetProperty("outcome").GetString() == "launched", output.ToString());
        Assert.InRange(market.Now - asked, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(31));
    }
}

/// <summary>The stage's retry rule, attempt by attempt.</summary>
[Trait("Category", "Unit")]
public sealed class ActivityRetryTests
{
    [Fact]
    public void Retries_back_off_from_200_ms_and_give_up_after_five_attempts()
    {
        TaskFailureDetails timeout = Failure(new ChannelException("meta", "pause timed out"));

        Assert.Equal([200, 400, 800, 1600], Enumerable.Range(1, 4).Select(attempt => ActivityRetry.Delay(attempt, timeout)!.Value.TotalMilliseconds));
        Assert.Null(ActivityRetry.Delay(5, timeout));
    }

    [Fact]
    public void A_refusal_is_never_retried()
    {
        Assert.Null(ActivityRetry.Delay(1, Failure(new ChannelRefusedException("linkedin", "dailyBudget must be at least 10.00"))));
        Assert.Null(ActivityRetry.Delay(1, Failure(new ChannelUnauthorizedException("meta", "Gtm:Channels:Meta:AccessToken", "token expired"))));
    }

    [Fact]
    public void The_platforms_hold_is_waited_out_up_to_an_hour()
    {
        Assert.Equal(TimeSpan.FromMinutes(12), ActivityRetry.Delay(1, Failure(new ChannelException("meta", "rate limited: code 17", TimeSpan.FromMinutes(12)))));
        // A hold shorter than the backoff waits the backoff.
        Assert.Equal(TimeSpan.FromMilliseconds(800), ActivityRetry.Delay(3, Failure(new ChannelException("google_ads", "rate limited", TimeSpan.FromMilliseconds(50)))));
        Assert.Null(ActivityRetry.Delay(1, Failure(new ChannelException("meta", "rate limited", TimeSpan.FromHours(2)))));
    }

    [Fact]
    public void The_hold_is_read_from_the_message_even_of_a_batch_of_calls()
    {
        var first = new ChannelException("linkedin", "rate limited (429)", TimeSpan.FromSeconds(90));
        var batch = new ChannelException("linkedin", $"linkedin 39001: {first.Message}; linkedin 39002: timed out", TimeSpan.FromSeconds(90));

        Assert.Equal(TimeSpan.FromSeconds(90), ChannelException.RetryAfterIn(batch.Message));
        Assert.Null(ChannelException.RetryAfterIn(new ChannelException("linkedin", "timed out").Message));
        Assert.Equal(TimeSpan.FromSeconds(1.5), ChannelException.RetryAfterIn(new ChannelException("meta", "held", TimeSpan.FromSeconds(1.5)).Message));
    }

    private static TaskFailureDetails Failure(Exception ex) => TaskFailureDetails.FromException(ex);
}
