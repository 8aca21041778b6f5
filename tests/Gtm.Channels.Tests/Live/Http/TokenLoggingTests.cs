using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Gtm.Channels.Tests.Live.GoogleAds;
using Microsoft.Extensions.Logging;

namespace Gtm.Channels.Tests.Live.Http;

/// <summary>What HttpClientFactory logs at Trace level (request and response headers) never carries a token.</summary>
public sealed class TokenLoggingTests : IDisposable
{
    private readonly GoogleAdsStub stub = new();

    public void Dispose() => stub.Dispose();

    private sealed class Capture : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue(formatter(state, exception) + exception);

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task Request_headers_are_logged_with_the_tokens_redacted()
    {
        stub.Search("campaign.id = 777", [new JsonObject { ["metrics"] = new JsonObject { ["impressions"] = "1" } }]);
        var logs = new Capture();

        await stub.Adapter(logs: logs).ReadMetricsAsync("777", CancellationToken.None);

        string all = string.Join('\n', logs.Lines);
        Assert.Contains("Authorization: *", all, StringComparison.Ordinal);
        Assert.Contains("developer-token: *", all, StringComparison.Ordinal);
        Assert.DoesNotContain(GoogleAdsStub.AccessToken, all, StringComparison.Ordinal);
        Assert.DoesNotContain(GoogleAdsStub.DeveloperToken, all, StringComparison.Ordinal);
    }
}
