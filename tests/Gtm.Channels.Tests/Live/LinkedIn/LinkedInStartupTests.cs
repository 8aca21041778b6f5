using Gtm.Channels.Live;
using Gtm.Channels.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Gtm.Channels.Tests.Live.LinkedIn;

/// <summary>LinkedIn live beside sandboxed channels, and start-up stopping on an incomplete LinkedIn setting.</summary>
public sealed class LinkedInStartupTests : IDisposable
{
    private readonly LinkedInStub stub = new();

    public void Dispose() => stub.Dispose();

    private static IHost Host(Dictionary<string, string?> settings) => LiveChannelServices.Host(settings);

    [Fact]
    public void A_venture_can_run_linkedin_live_beside_sandboxed_channels()
    {
        using IHost host = Host(stub.Settings());
        ChannelAdapters adapters = host.Services.GetRequiredService<ChannelAdapters>();
        Assert.Equal("LinkedInChannel", adapters.For("linkedin").GetType().Name);
        Assert.All(["email", "google_ads", "meta"], channel => Assert.IsType<SandboxChannel>(adapters.For(channel)));
    }

    [Theory]
    [InlineData("Gtm:Channels:LinkedIn:Version", null)]
    [InlineData("Gtm:Channels:LinkedIn:Version", "2025-11")]
    [InlineData("Gtm:Channels:LinkedIn:AdAccountId", null)]
    [InlineData("Gtm:Channels:LinkedIn:AdAccountId", "urn:li:sponsoredAccount:508")]
    [InlineData("Gtm:Channels:LinkedIn:AccessToken", "")]
    [InlineData("Gtm:Channels:LinkedIn:CampaignGroupId", null)]
    [InlineData("Gtm:Channels:LinkedIn:Locations", "Germany")]
    [InlineData("Gtm:Channels:LinkedIn:Locale", "german")]
    public async Task Start_up_stops_on_an_incomplete_live_setting_naming_it(string setting, string? value)
    {
        Dictionary<string, string?> settings = stub.Settings();
        settings[setting] = value;
        using IHost host = Host(settings);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains($"'{setting}'", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(LinkedInStub.AccessToken, failure.Message, StringComparison.Ordinal);
    }
}
