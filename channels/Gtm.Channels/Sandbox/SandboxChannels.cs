using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gtm.Channels.Sandbox;

/// <summary>The sandboxes' table; created at start-up by whoever hosts them.</summary>
public sealed class SandboxStore(TableClient table)
{
    public TableClient Table { get; } = table;

    public Task InitializeAsync(CancellationToken cancellation) => Table.CreateIfNotExistsAsync(cancellation);
}

/// <summary>The four sandboxed platforms, registered as the channel adapters.</summary>
public static class SandboxChannels
{
    public static readonly IReadOnlyList<string> Channels = ["email", "linkedin", "google_ads", "meta"];

    /// <param name="tables">The storage account's tables, where the sandboxes keep their state.</param>
    /// <param name="channels">The channels to sandbox; all four unless given (the others run live).</param>
    public static IServiceCollection AddSandboxChannels(this IServiceCollection services, Func<IServiceProvider, TableServiceClient> tables, Action<SandboxOptions>? configure = null, IEnumerable<string>? channels = null)
    {
        var options = new SandboxOptions();
        configure?.Invoke(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SandboxFaults>();
        services.TryAddSingleton(provider => new SandboxStore(tables(provider).GetTableClient(options.TableName)));
        foreach (string channel in channels ?? Channels)
        {
            services.AddSingleton<IChannelAdapter>(provider =>
                new SandboxChannel(channel, provider.GetRequiredService<SandboxStore>().Table, provider.GetRequiredService<SandboxFaults>(), provider.GetRequiredService<TimeProvider>(), options.TimeScale, provider.GetService<ISandboxCopySource>()));
        }

        services.TryAddSingleton<ChannelAdapters>();
        return services;
    }
}
