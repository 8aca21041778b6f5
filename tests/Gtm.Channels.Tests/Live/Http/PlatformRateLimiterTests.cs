using System.Collections.Concurrent;
using Gtm.Channels.Live.Http;
using Microsoft.Extensions.Time.Testing;

namespace Gtm.Channels.Tests.Live.Http;

/// <summary>The per-platform limiter in front of the HTTP calls, on a fake clock: no timing in the assertions.</summary>
public sealed class PlatformRateLimiterTests
{
    private sealed class Recorder(TimeProvider time) : HttpMessageHandler
    {
        public ConcurrentQueue<DateTimeOffset> Sent { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Sent.Enqueue(time.GetUtcNow());
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
        }
    }

    [Fact]
    public async Task A_thousand_calls_never_exceed_100_in_any_10_seconds()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-30T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var limiter = new PlatformRateLimiter(100, TimeSpan.FromSeconds(10), time, queueLimit: 1_000);
        var recorder = new Recorder(time);
        using var invoker = new HttpMessageInvoker(new RateLimitingHandler(limiter, "email") { InnerHandler = recorder });

        Task[] calls = [.. Enumerable.Range(0, 1_000).Select(_ => invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/x"), CancellationToken.None))];
        // Let each second's permits reach the platform before the clock moves on, so every call is stamped in the second it was let through.
        for (int second = 0; second < 200 && calls.Any(c => !c.IsCompleted); second++)
        {
            // The clock moves only while the limiter sleeps until a known time and every granted call has reached the platform.
            await WaitUntil(() => calls.All(c => c.IsCompleted) || (limiter.WaitsUntil > time.GetUtcNow() && recorder.Sent.Count == limiter.Grants));
            time.Advance(TimeSpan.FromSeconds(1));
        }

        await Task.WhenAll(calls);
        DateTimeOffset[] sent = [.. recorder.Sent.Order()];
        Assert.Equal(1_000, sent.Length);
        int busiest = sent.Max(start => sent.Count(t => t >= start && t < start + TimeSpan.FromSeconds(10)));
        Assert.Equal(100, busiest);
        // 1,000 calls at 100 per 10 s take 90 s after the first hundred: the limit holds, and no slower.
        Assert.Equal(TimeSpan.FromSeconds(90), sent[^1] - sent[0]);
    }

    [Fact]
    public async Task A_call_past_the_queue_is_told_to_come_back_rather_than_sent()
    {
        var time = new FakeTimeProvider();
        using var limiter = new PlatformRateLimiter(1, TimeSpan.FromSeconds(10), time, queueLimit: 0);
        var recorder = new Recorder(time);
        using var invoker = new HttpMessageInvoker(new RateLimitingHandler(limiter, "email") { InnerHandler = recorder });

        await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/x"), CancellationToken.None);
        var limited = await Assert.ThrowsAsync<ChannelException>(() => invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/x"), CancellationToken.None));

        Assert.True(limited.Retryable);
        Assert.Single(recorder.Sent);
    }

    /// <summary>A guard against a hang, not a timing assertion: what it waits for happens as soon as the thread pool runs it.</summary>
    private static async Task WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 10_000 && !condition(); i++)
        {
            await Task.Delay(1);
        }

        Assert.True(condition(), "the granted calls never reached the handler");
    }
}
