using Gtm.Durable.Serialization;
using Gtm.Durable.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Gtm.Durable;

public static class DurableTaskServiceCollectionExtensions
{
    /// <summary>
    /// Adds the engine: its options (bound from <paramref name="configuration"/>, normally host.json's
    /// <c>extensions:durableTask</c> section, validated at start-up), the client, and, unless
    /// <paramref name="runWorker"/> is false, the worker that runs orchestrations and activities.
    /// </summary>
    public static DurableTaskBuilder AddDurableTask(
        this IServiceCollection services,
        IConfiguration? configuration = null,
        bool runWorker = true)
    {
        OptionsBuilder<DurableTaskOptions> options = services.AddOptions<DurableTaskOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration);
        }

        options.Validate(o => o.Validate().Count == 0, "invalid extensions.durableTask settings");
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DurableTaskOptions>, DurableTaskOptionsValidator>());
        options.ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(DataConverter.Default);
        services.TryAddSingleton(provider => provider.GetRequiredService<IOptions<DurableTaskRegistry>>().Value);
        services.TryAddSingleton<DurableTaskClient>();
        services.AddHostedService<TaskHubInitializer>();
        if (runWorker)
        {
            services.TryAddSingleton<EpisodeRunner>();
            services.TryAddSingleton<ActivityRunner>();
            services.AddHostedService(provider => new DurableTaskWorker(
                provider.GetRequiredService<Backend.IOrchestrationService>(),
                provider.GetRequiredService<EpisodeRunner>(),
                provider.GetRequiredService<ActivityRunner>(),
                provider.GetRequiredService<IOptions<DurableTaskOptions>>(),
                provider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<DurableTaskWorker>>()));
        }

        return new DurableTaskBuilder(services);
    }

    /// <summary>Reports every invalid setting at once, each by its host.json name.</summary>
    private sealed class DurableTaskOptionsValidator : IValidateOptions<DurableTaskOptions>
    {
        public ValidateOptionsResult Validate(string? name, DurableTaskOptions options)
        {
            IReadOnlyList<string> problems = options.Validate();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
