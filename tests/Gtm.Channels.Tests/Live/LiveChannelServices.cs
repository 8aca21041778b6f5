using Azure.Data.Tables;
using Gtm.Channels.Live;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gtm.Channels.Tests.Live;

/// <summary>
/// The product's channel registration over in-memory settings, as the stub tests build it: the
/// live adapters the settings ask for (the others stay unregistered: there is no sandbox storage),
/// logs at Trace to <paramref name="logs"/> when given, and <paramref name="time"/> as the clock.
/// </summary>
internal static class LiveChannelServices
{
    public static ServiceProvider Build(Dictionary<string, string?> settings, TimeProvider? time = null, ILoggerProvider? logs = null, Action<IServiceCollection>? configure = null)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(b =>
        {
            b.SetMinimumLevel(LogLevel.Trace);
            if (logs is not null)
            {
                b.AddProvider(logs);
            }
        });
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        configure?.Invoke(services);
        services.AddGtmChannels(configuration, sandboxTables: null);
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// A host as the app builds one, with sandboxes on a development storage connection (never
    /// reached: the tests only resolve adapters and start the host's option checks).
    /// </summary>
    public static IHost Host(Dictionary<string, string?> settings)
    {
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddGtmChannels(builder.Configuration, _ => new TableServiceClient("UseDevelopmentStorage=true"));
        return builder.Build();
    }
}
