using Gtm.Channels.Live.Configuration;
using Gtm.Channels.Live.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gtm.Channels.Live.GoogleAds;

/// <summary>Registers the live Google Ads adapter on its named HttpClient.</summary>
public static class GoogleAdsChannels
{
    public static IServiceCollection AddGoogleAdsChannel(this IServiceCollection services)
    {
        ChannelPlatform platform = ChannelPlatform.GoogleAds;
        services.AddLiveHttpClient<GoogleAdsOptions>(platform, (client, options) =>
        {
            client.DefaultRequestHeaders.Add("developer-token", options.DeveloperToken);
            if (options.LoginCustomerId is { } manager)
            {
                client.DefaultRequestHeaders.Add("login-customer-id", manager);
            }
        });
        services.AddSingleton<IChannelAdapter>(provider =>
        {
            var http = new PlatformHttp(provider.GetRequiredService<IHttpClientFactory>(), platform, GoogleAdsFaults.Read, provider.GetRequiredService<TimeProvider>());
            var api = new GoogleAdsApi(http, provider.GetRequiredService<IOptions<GoogleAdsOptions>>().Value);
            return new GoogleAdsChannel(api, provider.GetRequiredService<TimeProvider>());
        });
        return services;
    }
}
