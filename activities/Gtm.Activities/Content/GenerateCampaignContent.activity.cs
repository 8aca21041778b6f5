using Gtm.Domain.Content;
using Gtm.Domain.Contracts;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Gtm.Activities.Strategy;

namespace Gtm.Activities.Content;

/// <summary>17.2: one campaign's content with its variants, from the configured generator, validated.</summary>
public sealed class GenerateCampaignContent(IContentGenerator generator) : TaskActivity<ContentRequest, CampaignContent>
{
    [Function(nameof(GenerateCampaignContent))]
    public Task<CampaignContent> Run([ActivityTrigger] ContentRequest input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(GenerateCampaignContent), instanceId), input);

    public override async Task<CampaignContent> RunAsync(TaskActivityContext context, ContentRequest input)
    {
        CampaignContent content = await generator.GenerateAsync(input, CancellationToken.None);
        OutputContract.Ensure(Contract.CampaignTemplate, content);
        return content;
    }
}
