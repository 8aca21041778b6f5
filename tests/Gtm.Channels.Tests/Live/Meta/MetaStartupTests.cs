using Gtm.Channels.Live;
using Gtm.Channels.Live.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Gtm.Channels.Tests.Live.Meta;

/// <summary>Meta live beside sandboxed channels, and start-up stopping on an incomplete Meta setting.</summary>
public sealed class MetaStartupTests : IDisposable
{
    private readonly MetaStub stub = new();

    public void Dispose() => stub.Dispose();

    private static IHost Host(Dictionary<string, string?> settings) => LiveChannelServices.Host(settings);

    [Fact]
    public void Meta_runs_live_beside_sandboxed_channels()
    {
        using IHost host = Host(stub.Settings());
        ChannelAdapters adapters = host.Services.GetRequiredService<ChannelAdapters>();
        Assert.Equal("MetaChannel", adapters.For("meta").GetType().Name);
        Assert.All(["email", "linkedin", "google_ads"], channel => Assert.IsType<Gtm.Channels.Sandbox.SandboxChannel>(adapters.For(channel)));
    }

    [Theory]
    [InlineData("Gtm:Channels:Meta:AdAccountId", null)]
    [InlineData("Gtm:Channels:Meta:AdAccountId", "act_1234567890")]
    [InlineData("Gtm:Channels:Meta:AccessToken", "")]
    [InlineData("Gtm:Channels:Meta:ApiVersion", "24")]
    [InlineData("Gtm:Channels:Meta:Objective", "CONVERSIONS")]
    public async Task Start_up_stops_on_an_incomplete_live_setting_naming_it(string setting, string? value)
    {
        Dictionary<string, string?> settings = stub.Settings();
        settings[setting] = value;
        using IHost host = Host(settings);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains($"'{setting}'", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(MetaStub.AccessToken, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v24.0", "v24.0")]
    [InlineData("24.0", "v24.0")]
    public void The_api_version_is_taken_with_or_without_its_v(string setting, string segment)
    {
        var options = new MetaOptions { AccessToken = "t", AdAccountId = "1", ApiVersion = setting };
        Assert.Empty(options.Problems());
        Assert.Equal(segment, options.VersionSegment);
    }
}
