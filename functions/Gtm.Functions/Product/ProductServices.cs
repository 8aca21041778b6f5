using Gtm.Activities.Content;
using Gtm.Activities.Storage;
using Gtm.Channels.Sandbox;
using Gtm.Domain.Content;
using Gtm.Domain.Monitoring;
using Gtm.Functions.Functions.Feedback;
using Gtm.Functions.Functions.Monitoring;
using Gtm.Functions.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Gtm.Functions.Product;

/// <summary>
/// The Stage 17 product's services: its storage (app setting <c>Gtm:StoragePrefix</c> separates
/// environments sharing an account), the content generator (model-backed when
/// <c>Gtm:ContentModel:Endpoint</c> is set, rule-based otherwise), the monitoring, the customer
/// review gate, the survey feedback and A/B tests, and the channel sandboxes. <c>Gtm:TimeScale</c>
/// (market seconds per wall second) compresses market time for the sandboxes and the monitoring alike.
/// </summary>
public static class ProductServices
{
    /// <summary>Settings with a default, beneath every other source.</summary>
    public static IReadOnlyDictionary<string, string?> DefaultSettings { get; } = new Dictionary<string, string?>
    {
        ["Gtm:MonitorSchedule"] = "0 * * * * *",
        ["Gtm:TimeScale"] = "1",
    };

    public static IServiceCollection AddGtmProduct(this IServiceCollection services, IConfiguration configuration)
    {
        double scale = configuration.GetValue("Gtm:TimeScale", 1.0);
        if (!(scale > 0) || double.IsInfinity(scale))
        {
            throw new HostConfigurationException($"App setting 'Gtm:TimeScale' must be a number above 0 (market seconds per wall second), not '{configuration["Gtm:TimeScale"]}'.");
        }

        services.TryAddSingleton(new MarketClock(scale));
        services.TryAddSingleton(provider =>
        {
            string connection = provider.GetRequiredService<HostStorage>().ConnectionString(HostStorage.DefaultConnection);
            return new GtmStorage(connection, configuration["Gtm:StoragePrefix"] ?? "", configuration["Gtm:Stage18Queue"] ?? GtmStorage.Stage18Queue, configuration["Gtm:Stage18Target"] ?? GtmStorage.Stage18Target);
        });
        services.TryAddSingleton<ConfigVersionStore>();
        services.TryAddSingleton<LineageStore>();
        services.TryAddSingleton<VentureStore>();
        services.TryAddSingleton<ContentStore>();
        services.TryAddSingleton<ReviewStore>();
        services.TryAddSingleton<AuditLog>();
        services.TryAddSingleton<ThresholdStore>();
        services.TryAddSingleton<MonitoringStore>();
        services.TryAddSingleton<EvaluationStore>();
        services.TryAddSingleton<InterventionStore>();
        services.TryAddSingleton<MonitoringScheduler>();
        services.TryAddSingleton<FeedbackStore>();
        services.TryAddSingleton<AbTestStore>();
        services.TryAddSingleton<SurveyedContentLookup>();
        services.TryAddSingleton<IVariantRanking, LearnedRanking>();
        services.AddContentGenerator(configuration);
        services.AddHostedService<ProductStorageInitializer>();
        string? connectionString = configuration[HostStorage.DefaultConnection];
        if (connectionString is not null)
        {
            services.AddSandboxChannels(Gtm.Durable.AzureStorage.AzureStorageConnection.From(connectionString).ConnectionString, o =>
            {
                o.TableName = (configuration["Gtm:StoragePrefix"] ?? "") + "SandboxCampaigns";
                o.TimeScale = scale;
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
