using Gtm.Channels.Live.Configuration;
using Gtm.Channels.Live.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gtm.Channels.Live.Meta;

/// <summary>
/// Registers the live Meta adapter on its named HttpClient, with Meta's own handlers under the
/// shared pipeline (so it acts on every attempt): the usage gate that also reads Graph API
/// error codes.
/// </summary>
public static class MetaChannels
{
    public static IServiceCollection AddMetaChannel(this IServiceCollection services)
    {
        ChannelPlatform platform = ChannelPlatform.Meta;
        // A hold is waited out inside an attempt, so it may take at most half of one.
        services.AddSingleton(provider => new MetaUsageGate(
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<IOptions<MetaOptions>>().Value.AttemptTimeout / 2));
        services.AddLiveHttpClient<MetaOptions>(platform)
            .AddHttpMessageHandler(provider => new MetaResponseHandler(provider.GetRequiredService<MetaUsageGate>(), platform.Channel));
        services.AddSingleton<IChannelAdapter>(provider =>
        {
            var http = new PlatformHttp(provider.GetRequiredService<IHttpClientFactory>(), platform, MetaFaults.Read, provider.GetRequiredService<TimeProvider>());
            var api = new MetaApi(http, provider.GetRequiredService<IOptions<MetaOptions>>().Value);
            return new MetaChannel(api, provider.GetRequiredService<TimeProvider>());
        });
        return services;
    }
}
