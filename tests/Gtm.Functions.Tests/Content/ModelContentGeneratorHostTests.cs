using Gtm.Activities.Content;
using Gtm.Domain.Content;
using Gtm.Functions.Tests.Support;
using Gtm.LocalRunner;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gtm.Functions.Tests.Content;

/// <summary>The host's choice of content generator: rule-based unless <c>Gtm:ContentModel:Endpoint</c> is set, and bad settings stop start-up.</summary>
[Trait("Category", "Unit")]
public sealed class ModelContentGeneratorHostTests
{
    [Theory(Timeout = 30_000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Without_an_endpoint_the_product_uses_the_rule_based_generator(bool emptySettingsAsInTheSample)
    {
        await using Built built = Build(emptySettingsAsInTheSample
            ? new() { ["Gtm__ContentModel__Endpoint"] = "", ["Gtm__ContentModel__Model"] = "", ["Gtm__ContentModel__ApiKey"] = "", ["Gtm__ContentModel__TimeoutSeconds"] = "30" }
            : []);

        Assert.IsType<RuleBasedContentGenerator>(built.App.Services.GetRequiredService<IContentGenerator>());
        Assert.False(built.App.Services.GetRequiredService<IOptions<ContentModelOptions>>().Value.Enabled);
    }

    [Fact(Timeout = 30_000)]
    public async Task With_an_endpoint_and_a_model_the_product_uses_the_model_backed_generator()
    {
        await using Built built = Build(new() { ["Gtm__ContentModel__Endpoint"] = "http://127.0.0.1:5000/v1", ["Gtm__ContentModel__Model"] = "local-model" });

        Assert.IsType<ModelContentGenerator>(built.App.Services.GetRequiredService<IContentGenerator>());
        ContentModelOptions options = built.App.Services.GetRequiredService<IOptions<ContentModelOptions>>().Value;
        Assert.Equal(("local-model", 30), (options.Model, options.TimeoutSeconds));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_relative_endpoint_without_a_model_stops_start_up_naming_both_settings()
    {
        await using Built built = Build(new() { ["Gtm__ContentModel__Endpoint"] = "models/v1", ["Gtm__ContentModel__TimeoutSeconds"] = "0" });

        OptionsValidationException error = await Assert.ThrowsAsync<OptionsValidationException>(() => built.App.StartAsync());

        Assert.Contains("'Gtm:ContentModel:Endpoint' must be an absolute http or https address", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Gtm:ContentModel:Model' is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Gtm:ContentModel:TimeoutSeconds' must be 1 to 600", error.Message, StringComparison.Ordinal);
    }

    private static Built Build(Dictionary<string, string?> values)
    {
        values["AzureWebJobsStorage"] = "UseDevelopmentStorage=true";
        values["Gtm__Stage16Queue"] = "stage16-content";
        values["Gtm__Stage18Queue"] = "stage18-content";
        values["Gtm__MonitorSchedule"] = "0 * * * * *";
        string root = TestContentRoot.Create(TestContentRoot.HostJson("contenthub"), values);
        return new Built(RunnerApplication.Build(["--urls", "http://127.0.0.1:0"], root, FunctionsHost.Product), root);
    }

    private sealed record Built(WebApplication App, string Root) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            Directory.Delete(Root, recursive: true);
        }
    }
}
