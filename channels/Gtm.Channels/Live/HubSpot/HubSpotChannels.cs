using Gtm.Channels.Live.Configuration;
using Gtm.Channels.Live.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gtm.Channels.Live.HubSpot;

/// <summary>Registers the live HubSpot adapter (the email channel) on its named HttpClient, with HubSpot's own rate-limit headers honoured.</summary>
public static class HubSpotChannels
{
    public static IServiceCollection AddHubSpotChannel(this IServiceCollection services)
    {
        ChannelPlatform platform = ChannelPlatform.Email;
        services.AddSingleton(provider => new HubSpotRateWindow(provider.GetRequiredService<TimeProvider>()));
        services.AddLiveHttpClient<EmailOptions>(platform)
            .AddHttpMessageHandler(provider => new HubSpotRateLimitHandler(provider.GetRequiredService<HubSpotRateWindow>()));
        services.AddSingleton<IChannelAdapter>(provider =>
        {
            TimeProvider time = provider.GetRequiredService<TimeProvider>();
            var http = new PlatformHttp(provider.GetRequiredService<IHttpClientFactory>(), platform, HubSpotFaults.Read, time);
            return new HubSpotChannel(new HubSpotApi(http), time);
        });
        return services;
    }
}
