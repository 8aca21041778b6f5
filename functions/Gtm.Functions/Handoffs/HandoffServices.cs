using Azure.Messaging.ServiceBus;
using Gtm.Functions.Handoffs.ServiceBus;
using Gtm.Functions.Handoffs.Stage18Targets;
using Gtm.Functions.Operations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Gtm.Functions.Handoffs;

/// <summary>
/// The handoffs' transports (SPEC C10): Storage Queues by default; Service Bus by configuration for
/// the Stage 18 target (<c>Gtm:Stage18Transport</c> = <c>ServiceBus</c>, to
/// <c>Gtm:ServiceBus:Stage18Entity</c>) and as a second Stage 16 intake
/// (<c>Gtm:ServiceBus:Stage16Queue</c>). Invalid settings stop start-up, each named.
/// </summary>
public static class HandoffServices
{
    public static IServiceCollection AddHandoffTransports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ServiceBusOptions>().BindConfiguration(ServiceBusOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServiceBusOptions>, ServiceBusOptionsValidator>());
        services.TryAddSingleton(provider => CreateClient(provider.GetRequiredService<IOptions<ServiceBusOptions>>().Value, configuration));

        if (ServiceBusOptionsValidator.Stage18Transport(configuration) == HandoffTransport.ServiceBus)
        {
            services.TryAddSingleton<IStage18Target>(provider => new ServiceBusStage18Target(
                provider.GetRequiredService<ServiceBusClient>().CreateSender(provider.GetRequiredService<IOptions<ServiceBusOptions>>().Value.Stage18Entity)));
        }
        else
        {
            services.TryAddSingleton<IStage18Target, StorageQueueStage18Target>();
        }

        string? intake = configuration[$"{ServiceBusOptions.Section}:Stage16Queue"];
        if (string.IsNullOrWhiteSpace(intake))
        {
            services.TryAddSingleton(new ServiceBusDeadLetters(null, null));
            return services;
        }

        services.TryAddSingleton<IStage16Relay, StorageQueueStage16Relay>();
        services.TryAddSingleton(provider => new ServiceBusDeadLetters(provider.GetRequiredService<ServiceBusClient>(), intake.Trim()));
        services.AddHostedService<ServiceBusStage16Intake>();
        return services;
    }

    private static ServiceBusClient CreateClient(ServiceBusOptions options, IConfiguration configuration) =>
        ServiceBusConnectionSetting.Read(configuration, options.Connection).CreateClient(new ServiceBusClientOptions
        {
            RetryOptions = new ServiceBusRetryOptions
            {
                Mode = ServiceBusRetryMode.Exponential,
                MaxRetries = options.MaxRetries,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                TryTimeout = options.TryTimeout,
            },
        });
}
