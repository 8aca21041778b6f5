using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WireMock.RequestBuilders;
using static Gtm.Channels.Tests.Live.Meta.MetaStub;

namespace Gtm.Channels.Tests.Live.Meta;

/// <summary>Nothing the Meta client logs at any level, nor the error it throws, carries the access token.</summary>
public sealed class MetaTokenLoggingTests : IDisposable
{
    private readonly MetaStub stub = new();

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
    public async Task A_rejected_token_is_neither_logged_nor_in_the_error()
    {
        stub.Server.Given(Request.Create().WithPath($"{Graph}/777").UsingGet())
            .RespondWith(Json(Error(190, "OAuthException", "Invalid OAuth access token - Cannot parse access token"), 400));
        var logs = new Capture();
        IChannelAdapter meta = stub.Services(logs: logs).GetRequiredService<ChannelAdapters>().For("meta");

        var unauthorized = await Assert.ThrowsAsync<ChannelUnauthorizedException>(() => meta.GetAsync("777", CancellationToken.None));

        string all = string.Join('\n', logs.Lines);
        Assert.Contains("Authorization: *", all, StringComparison.Ordinal);
        Assert.DoesNotContain(AccessToken, all, StringComparison.Ordinal);
        Assert.DoesNotContain(AccessToken, unauthorized.ToString(), StringComparison.Ordinal);
    }
}
