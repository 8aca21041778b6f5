using System.Collections.Concurrent;
using Gtm.Channels.Live;
using Gtm.Channels.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static Gtm.Channels.Tests.Live.HubSpot.HubSpotStub;

namespace Gtm.Channels.Tests.Live.HubSpot;

/// <summary>The email channel goes live on HubSpot by its mode alone; a live setting missing stops start-up; the token stays out of logs.</summary>
public sealed class HubSpotRegistrationTests : IDisposable
{
    private readonly HubSpotStub stub = new();

    public void Dispose() => stub.Dispose();

    private static IHost Host(Dictionary<string, string?> settings) => LiveChannelServices.Host(settings);

    [Fact]
    public void Email_runs_live_on_HubSpot_beside_sandboxed_channels()
    {
        using IHost host = Host(stub.Settings());
        ChannelAdapters adapters = host.Services.GetRequiredService<ChannelAdapters>();
        Assert.Equal("HubSpotChannel", adapters.For("email").GetType().Name);
        Assert.All(["linkedin", "google_ads", "meta"], channel => Assert.IsType<SandboxChannel>(adapters.For(channel)));
    }

    [Theory]
    [InlineData("Gtm:Channels:Email:AccessToken", "")]
    [InlineData("Gtm:Channels:Email:BaseUrl", "ftp://api.hubapi.com")]
    public async Task Start_up_stops_on_an_incomplete_live_setting_naming_it(string setting, string value)
    {
        Dictionary<string, string?> settings = stub.Settings();
        settings[setting] = value;
        using IHost host = Host(settings);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains($"'{setting}'", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AccessToken, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_headers_are_logged_with_the_token_redacted()
    {
        stub.Campaign(Flow(true), Email(true));
        var logs = new Capture();

        await stub.Adapter(logs: logs).GetAsync(CampaignId, CancellationToken.None);

        string all = string.Join('\n', logs.Lines);
        Assert.Contains("Authorization: *", all, StringComparison.Ordinal);
        Assert.DoesNotContain(AccessToken, all, StringComparison.Ordinal);
    }

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
}
