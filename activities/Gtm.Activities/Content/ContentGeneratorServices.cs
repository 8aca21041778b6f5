using System.ClientModel;
using System.ClientModel.Primitives;
using Gtm.Domain.Content;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;

namespace Gtm.Activities.Content;

/// <summary>
/// The content generator: rule-based unless app setting <c>Gtm:ContentModel:Endpoint</c> is set,
/// then model-backed (an OpenAI client on that endpoint as <see cref="IChatClient"/>, with the
/// rule-based generator as its fallback). The settings are validated at start-up.
/// </summary>
public static class ContentGeneratorServices
{
    private const string NoKey = "no-key";

    public static IServiceCollection AddContentGenerator(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ContentModelOptions>().BindConfiguration(ContentModelOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ContentModelOptions>, ContentModelOptionsValidator>());
        services.TryAddSingleton<IVariantRanking, NoRanking>();
        if (string.IsNullOrWhiteSpace(configuration[$"{ContentModelOptions.Section}:Endpoint"]))
        {
            services.TryAddSingleton<IContentGenerator, RuleBasedContentGenerator>();
            return services;
        }

        services.TryAddKeyedSingleton(ContentModelOptions.Section, (provider, _) => CreateChatClient(provider));
        services.TryAddSingleton<ModelContentGenerator>();
        services.TryAddSingleton<IContentGenerator>(provider => provider.GetRequiredService<ModelContentGenerator>());
        return services;
    }

    private static IChatClient CreateChatClient(IServiceProvider provider)
    {
        ContentModelOptions settings = provider.GetRequiredService<IOptions<ContentModelOptions>>().Value;
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = new Uri(settings.Endpoint!),
            NetworkTimeout = TimeSpan.FromSeconds(settings.TimeoutSeconds),

            // A failed call falls back to the rule-based copy at once; retries would only spend the time limit.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        // The client always sends a bearer token; keyless local servers ignore this placeholder.
        var client = new OpenAIClient(new ApiKeyCredential(string.IsNullOrEmpty(settings.ApiKey) ? NoKey : settings.ApiKey), clientOptions);
        return client.GetChatClient(settings.Model).AsIChatClient()
            .AsBuilder()
            .UseLogging(provider.GetService<ILoggerFactory>())
            .Build(provider);
    }

    /// <summary>Reports every invalid setting at once, each by its app-setting name.</summary>
    private sealed class ContentModelOptionsValidator : IValidateOptions<ContentModelOptions>
    {
        public ValidateOptionsResult Validate(string? name, ContentModelOptions options)
        {
            IReadOnlyList<string> problems = options.Validate();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
