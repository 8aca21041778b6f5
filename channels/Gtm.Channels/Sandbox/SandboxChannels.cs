using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gtm.Channels.Sandbox;

/// <summary>The sandboxes' table; created at start-up by whoever hosts them.</summary>
public sealed class SandboxStore(TableClient table)
{
    public Task InitializeAsync(CancellationToken cancellation) => table.CreateIfNotExistsAsync(cancellation);
}

/// <summary>The four sandboxed platforms, registered as the channel adapters.</summary>
public static class SandboxChannels
{
    public static readonly IReadOnlyList<string> Channels = ["email", "linkedin", "google_ads", "meta"];

    /// <param name="connectionString">The storage account the sandboxes keep their state in.</param>
    /// <param name="channels">The channels to sandbox; all four unless given (the others run live).</param>
    public static IServiceCollection AddSandboxChannels(this IServiceCollection services, string connectionString, Action<SandboxOptions>? configure = null, IEnumerable<string>? channels = null)
    {
        var options = new SandboxOptions();
        configure?.Invoke(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SandboxFaults>();
        var table = new TableClient(connectionString, options.TableName);
        services.TryAddSingleton(new SandboxStore(table));
        foreach (string channel in channels ?? Channels)
        {
            services.AddSingleton<IChannelAdapter>(provider =>
                new SandboxChannel(channel, table, provider.GetRequiredService<SandboxFaults>(), provider.GetRequiredService<TimeProvider>(), options.TimeScale));
        }

        services.TryAddSingleton<ChannelAdapters>();
        return services;
    }
}
