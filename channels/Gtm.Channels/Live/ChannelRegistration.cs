using Azure.Data.Tables;
using Gtm.Channels.Live.Configuration;
using Gtm.Channels.Live.GoogleAds;
using Gtm.Channels.Live.HubSpot;
using Gtm.Channels.Live.LinkedIn;
using Gtm.Channels.Live.Meta;
using Gtm.Channels.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gtm.Channels.Live;

/// <summary>
/// Registers one adapter per channel, each as its <c>Gtm:Channels:{P}:Mode</c> says: the sandbox
/// (the default) or the platform's live client, so a venture can run some channels live and the
/// rest in the sandbox.
/// </summary>
public static class ChannelRegistration
{
    /// <param name="sandboxTables">The storage account's tables, where the sandboxes keep their state; without them, sandboxed channels are not registered.</param>
    public static IServiceCollection AddGtmChannels(this IServiceCollection services, IConfiguration configuration, Func<IServiceProvider, TableServiceClient>? sandboxTables, Action<SandboxOptions>? configureSandbox = null)
    {
        List<string> sandboxed = [];
        foreach (ChannelPlatform platform in ChannelPlatform.All)
        {
            if (ChannelModes.Read(configuration, platform) == ChannelMode.Sandbox)
            {
                sandboxed.Add(platform.Channel);
            }
            else
            {
                AddLiveChannel(services, platform);
            }
        }

        if (sandboxTables is not null && sandboxed.Count > 0)
        {
            services.AddSandboxChannels(sandboxTables, configureSandbox, sandboxed);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ChannelAdapters>();
        return services;
    }

    private static void AddLiveChannel(IServiceCollection services, ChannelPlatform platform)
    {
        if (platform == ChannelPlatform.GoogleAds)
        {
            services.AddGoogleAdsChannel();
        }
        else if (platform == ChannelPlatform.Meta)
        {
            services.AddMetaChannel();
        }
        else if (platform == ChannelPlatform.LinkedIn)
        {
            services.AddLinkedInChannel();
        }
        else if (platform == ChannelPlatform.Email)
        {
            services.AddHubSpotChannel();
        }
        else
        {
            throw new ArgumentOutOfRangeException(nameof(platform), platform.Section, "no live client for this platform");
        }
    }
}
