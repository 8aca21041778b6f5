using Gtm.Channels.Live.Configuration;
using Gtm.Channels.Live.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gtm.Channels.Live.LinkedIn;

/// <summary>Registers the live LinkedIn Ads adapter on its named HttpClient.</summary>
public static class LinkedInChannels
{
    public static IServiceCollection AddLinkedInChannel(this IServiceCollection services)
    {
        ChannelPlatform platform = ChannelPlatform.LinkedIn;
        services.AddLiveHttpClient<LinkedInOptions>(platform, (client, options) =>
            {
                client.DefaultRequestHeaders.Add("LinkedIn-Version", options.Version);
                client.DefaultRequestHeaders.Add("X-Restli-Protocol-Version", "2.0.0");
            });
        services.AddSingleton<IChannelAdapter>(provider =>
        {
            var http = new PlatformHttp(provider.GetRequiredService<IHttpClientFactory>(), platform, LinkedInFaults.Read, provider.GetRequiredService<TimeProvider>());
            var api = new LinkedInApi(http, provider.GetRequiredService<IOptions<LinkedInOptions>>().Value);
            return new LinkedInChannel(api, provider.GetRequiredService<TimeProvider>());
        });
        return services;
    }
}
