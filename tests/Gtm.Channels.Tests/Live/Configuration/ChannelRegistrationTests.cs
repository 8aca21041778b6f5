using Gtm.Channels.Live;
using Gtm.Channels.Live.Configuration;
using Gtm.Channels.Sandbox;
using Gtm.Channels.Tests.Live.GoogleAds;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Gtm.Channels.Tests.Live.Configuration;

/// <summary>Which adapter each channel gets, and start-up stopping on a live setting that is missing or wrong.</summary>
public sealed class ChannelRegistrationTests
{
    private static IHost Host(Dictionary<string, string?> settings) => LiveChannelServices.Host(settings);

    [Fact]
    public void Every_channel_is_sandboxed_by_default()
    {
        using IHost host = Host([]);
        ChannelAdapters adapters = host.Services.GetRequiredService<ChannelAdapters>();
        Assert.All(SandboxChannels.Channels, channel => Assert.IsType<SandboxChannel>(adapters.For(channel)));
    }

    [Fact]
    public void A_venture_can_run_google_ads_live_beside_sandboxed_channels()
    {
        using var stub = new GoogleAdsStub();
        using IHost host = Host(stub.Settings());
        ChannelAdapters adapters = host.Services.GetRequiredService<ChannelAdapters>();
        Assert.Equal("GoogleAdsChannel", adapters.For("google_ads").GetType().Name);
        Assert.All(["email", "linkedin", "meta"], channel => Assert.IsType<SandboxChannel>(adapters.For(channel)));
    }

    [Theory]
    [InlineData("Gtm:Channels:GoogleAds:DeveloperToken", null)]
    [InlineData("Gtm:Channels:GoogleAds:AccessToken", "")]
    [InlineData("Gtm:Channels:GoogleAds:CustomerId", "123-456-7890")]
    [InlineData("Gtm:Channels:GoogleAds:ApiVersion", null)]
    public async Task Start_up_stops_on_an_incomplete_live_setting_naming_it(string setting, string? value)
    {
        using var stub = new GoogleAdsStub();
        Dictionary<string, string?> settings = stub.Settings();
        settings[setting] = value;
        using IHost host = Host(settings);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains($"'{setting}'", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(GoogleAdsStub.AccessToken, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mode_other_than_sandbox_or_live_stops_start_up_naming_it()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => Host(new() { ["Gtm:Channels:Meta:Mode"] = "lvie" }));
        Assert.Contains("'Gtm:Channels:Meta:Mode'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Meta_and_LinkedIn_options_name_their_own_ids()
    {
        var meta = new MetaOptions { AccessToken = "t", AdAccountId = "act_123", ApiVersion = "v24.0" };
        var linkedIn = new LinkedInOptions { AccessToken = "t", AdAccountId = "508", Version = "2025-11", CampaignGroupId = "600", Locations = "101282230" };
        Assert.Equal(["AdAccountId"], meta.Problems().Select(p => p.Name));
        Assert.Equal(["Version"], linkedIn.Problems().Select(p => p.Name));
        Assert.Empty(new EmailOptions { AccessToken = "t" }.Problems());
    }
}
