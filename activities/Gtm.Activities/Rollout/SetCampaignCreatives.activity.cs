using Gtm.Channels;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.Activities.Rollout;

/// <summary>A rollout step: which creatives the campaign serves and the candidate's share. Idempotent: it states the end state.</summary>
public sealed class SetCampaignCreatives(ChannelAdapters channels) : TaskActivity<CreativeChange, PlatformCampaign>
{
    [Function(nameof(SetCampaignCreatives))]
    public Task<PlatformCampaign> Run([ActivityTrigger] CreativeChange input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(SetCampaignCreatives), instanceId), input);

    public override Task<PlatformCampaign> RunAsync(TaskActivityContext context, CreativeChange input) =>
        channels.For(input.Channel).SetCreativesAsync(input.PlatformCampaignId, input.Split, CancellationToken.None);
}
