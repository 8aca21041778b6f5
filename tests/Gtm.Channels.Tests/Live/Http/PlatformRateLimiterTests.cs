using System.Collections.Concurrent;
using System.Diagnostics;
using Gtm.Channels.Live;
using Gtm.Channels.Tests.Live.GoogleAds;
using Microsoft.Extensions.DependencyInjection;

namespace Gtm.Channels.Tests.Live.Http;

/// <summary>
/// The per-platform limiter in the live clients' pipeline, as the product registers it, on the real
/// clock: a limit of 100 a second stands in for HubSpot's 100 per 10 s so that 1,000 calls take
/// seconds, not minutes.
/// </summary>
public sealed class PlatformRateLimiterTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    /// <summary>Where the calls would leave the machine: stamps each one and answers at once.</summary>
    private sealed class Platform : HttpMessageHandler
    {
        private readonly Stopwatch clock = Stopwatch.StartNew();

        public ConcurrentQueue<TimeSpan> Sent { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Sent.Enqueue(clock.Elapsed);
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
        }
    }

    [Fact]
    public async Task A_thousand_calls_never_exceed_the_limit_in_any_window()
    {
        var platform = new Platform();
        using ServiceProvider services = Services(platform, permitLimit: 100, queueLimit: 1_000);
        HttpClient client = services.GetRequiredService<IHttpClientFactory>().CreateClient("google_ads");

        await Task.WhenAll(Enumerable.Range(0, 1_000).Select(_ => client.GetAsync("limit-probe")));

        TimeSpan[] sent = [.. platform.Sent.Order()];
        Assert.Equal(1_000, sent.Length);
        // Stamps are taken after the limiter lets a call through, so two calls a window apart may be stamped a little closer.
        TimeSpan span = Window - TimeSpan.FromMilliseconds(25);
        int busiest = sent.Max(start => sent.Count(t => t >= start && t < start + span));
        Assert.True(busiest <= 100, $"{busiest} calls in one window");
        // At nine tenths of the limit after the first hundred, the other 900 calls wait ten windows.
        Assert.True(sent[^1] - sent[0] >= 9.5 * Window, $"1,000 calls in {sent[^1] - sent[0]}");
    }

    [Fact]
    public async Task A_call_past_the_queue_is_told_to_come_back_rather_than_sent()
    {
        var platform = new Platform();
        using ServiceProvider services = Services(platform, permitLimit: 1, queueLimit: 0);
        HttpClient client = services.GetRequiredService<IHttpClientFactory>().CreateClient("google_ads");
        IChannelAdapter adapter = services.GetRequiredService<ChannelAdapters>().For("google_ads");

        await client.GetAsync("limit-probe");
        var limited = await Assert.ThrowsAsync<ChannelException>(() => adapter.PauseAsync("123", CancellationToken.None));

        Assert.True(limited.Retryable);
        Assert.Single(platform.Sent);
    }

    private static ServiceProvider Services(Platform platform, int permitLimit, int queueLimit)
    {
        using var stub = new GoogleAdsStub();
        Dictionary<string, string?> settings = stub.Settings();
        settings["Gtm:Channels:GoogleAds:RateLimit:PermitLimit"] = permitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Gtm:Channels:GoogleAds:RateLimit:Window"] = Window.ToString();
        // Waiting for a permit counts against a call's total timeout: the last of 1,000 calls waits about ten windows.
        settings["Gtm:Channels:GoogleAds:TotalTimeout"] = "00:02:00";
        settings["Gtm:Channels:GoogleAds:RateLimit:QueueLimit"] = queueLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return LiveChannelServices.Build(settings, configure: services => services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(() => platform)));
    }
}
