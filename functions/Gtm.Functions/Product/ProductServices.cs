using Gtm.Activities.Storage;
using Gtm.Channels.Sandbox;
using Gtm.Domain.Content;
using Gtm.Functions.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Gtm.Functions.Product;

/// <summary>
/// The Stage 17 product's services: its storage (app setting <c>Gtm:StoragePrefix</c> separates
/// environments sharing an account), the content generator, and the channel sandboxes
/// (<c>Sandbox:TimeScale</c> simulated seconds per real second).
/// </summary>
public static class ProductServices
{
    public static IServiceCollection AddGtmProduct(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(provider =>
        {
            string connection = provider.GetRequiredService<HostStorage>().ConnectionString(HostStorage.DefaultConnection);
            return new GtmStorage(connection, configuration["Gtm:StoragePrefix"] ?? "", configuration["Gtm:Stage18Queue"] ?? GtmStorage.Stage18Queue, configuration["Gtm:Stage18Target"] ?? GtmStorage.Stage18Target);
        });
        services.TryAddSingleton<ConfigVersionStore>();
        services.TryAddSingleton<LineageStore>();
        services.TryAddSingleton<VentureStore>();
        services.TryAddSingleton<IVariantRanking, NoRanking>();
        services.TryAddSingleton<IContentGenerator, RuleBasedContentGenerator>();
        services.AddHostedService<ProductStorageInitializer>();
        string? connectionString = configuration[HostStorage.DefaultConnection];
        if (connectionString is not null)
        {
            services.AddSandboxChannels(Gtm.Durable.AzureStorage.AzureStorageConnection.From(connectionString).ConnectionString, o =>
            {
                o.TableName = (configuration["Gtm:StoragePrefix"] ?? "") + "SandboxCampaigns";
                o.TimeScale = configuration.GetValue("Sandbox:TimeScale", 1.0);
            });
        }

        return services;
    }

    private sealed class ProductStorageInitializer(GtmStorage storage, IServiceProvider services) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await storage.InitializeAsync(cancellationToken);
            if (services.GetService<SandboxStore>() is { } sandboxes)
            {
                await sandboxes.InitializeAsync(cancellationToken);
                services.GetRequiredService<SandboxFaults>().InjectFromSetting(services.GetRequiredService<IConfiguration>()["Sandbox:Faults"]);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
