using Gtm.Activities.Content;
using Gtm.Activities.Storage;
using Gtm.Channels.Live;
using Gtm.Channels.Sandbox;
using Gtm.Domain.Content;
using Gtm.Domain.Monitoring;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Core.Serialization;
using Gtm.Functions.Feedback;
using Gtm.Functions.Handoffs;
using Gtm.Functions.Monitoring;
using Gtm.Functions.Operations;
using Gtm.Orchestrations;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Gtm.Functions.Product;

/// <summary>
/// The Stage 17 product's services: its storage (app setting <c>Gtm:StoragePrefix</c> separates
/// environments sharing an account), the content generator (model-backed when
/// <c>Gtm:ContentModel:Endpoint</c> is set, rule-based otherwise), the monitoring, the customer
/// review gate, the survey feedback and A/B tests, and the channels (sandboxes unless
/// <c>Gtm:Channels:{P}:Mode</c> is live). <c>Gtm:TimeScale</c>
/// (market seconds per wall second) compresses market time for the sandboxes and the monitoring alike.
/// The worker's serializer, which Durable Functions uses for inputs, outputs and events, writes
/// enums as their names.
/// </summary>
public static class ProductServices
{
    /// <summary>The app setting naming the storage account, as Azure Functions names it.</summary>
    public const string StorageConnection = "AzureWebJobsStorage";

    public static IServiceCollection AddGtmProduct(this IServiceCollection services, IConfiguration configuration)
    {
        double scale = configuration.GetValue("Gtm:TimeScale", 1.0);
        if (!(scale > 0) || double.IsInfinity(scale))
        {
            throw new InvalidOperationException($"App setting 'Gtm:TimeScale' must be a number above 0 (market seconds per wall second), not '{configuration["Gtm:TimeScale"]}'.");
        }

        services.Configure<WorkerOptions>(worker => worker.Serializer = new JsonObjectSerializer(PayloadJson));

        services.TryAddSingleton(new MarketClock(scale));
        // Read when first needed, so a host that never touches storage starts without the setting.
        services.TryAddSingleton(_ => StorageAccount.FromConfiguration(configuration, StorageConnection));
        services.TryAddSingleton(provider =>
        {
            return new GtmStorage(provider.GetRequiredService<StorageAccount>(), configuration["Gtm:StoragePrefix"] ?? "", configuration["Gtm:Stage18Queue"] ?? GtmStorage.Stage18Queue, configuration["Gtm:Stage18Target"] ?? GtmStorage.Stage18Target,
                configuration["Gtm:Stage16Queue"] ?? GtmStorage.Stage16Queue);
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
        services.TryAddSingleton<AbTestStarter>();
        services.TryAddSingleton<ISandboxCopySource, SandboxContentCopy>();
        services.TryAddSingleton<SurveyedContentLookup>();
        services.TryAddSingleton<PoisonMessages>();
        services.TryAddSingleton<IVariantRanking, LearnedRanking>();
        services.AddContentGenerator(configuration);
        services.AddHostedService<ProductStorageInitializer>();
        services.AddHandoffTransports(configuration);
        // Each channel runs in its sandbox unless Gtm:Channels:{P}:Mode is live.
        services.AddGtmChannels(configuration, provider => provider.GetRequiredService<StorageAccount>().Tables, o =>
        {
            o.TableName = (configuration["Gtm:StoragePrefix"] ?? "") + "SandboxCampaigns";
            o.TimeScale = scale;
        });

        return services;
    }

    /// <summary>How orchestration inputs, outputs and events are written: web defaults, enums by name, readable text.</summary>
    public static JsonSerializerOptions PayloadJson { get; } = CreatePayloadJson();

    private static JsonSerializerOptions CreatePayloadJson()
    {
        // Relaxed escaping keeps payloads readable ("it's", not "it\u0027s"); nothing here is embedded in HTML unencoded.
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
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
