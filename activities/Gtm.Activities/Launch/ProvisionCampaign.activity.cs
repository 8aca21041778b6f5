using Gtm.Channels;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.Activities.Launch;

/// <summary>C4 CampaignManager: creates the campaign on its platform, paused.</summary>
public sealed class ProvisionCampaign(ChannelAdapters channels) : TaskActivity<ProvisionCampaignInput, LaunchedCampaign>
{
    [Function(nameof(ProvisionCampaign))]
    public Task<LaunchedCampaign> Run([ActivityTrigger] ProvisionCampaignInput input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(ProvisionCampaign), instanceId), input);

    public override async Task<LaunchedCampaign> RunAsync(TaskActivityContext context, ProvisionCampaignInput input)
    {
        PlatformCampaign campaign = await channels.For(input.Channel).ProvisionAsync(
            new ProvisionRequest(input.IdempotencyKey, input.VentureId, input.CampaignId, input.CampaignId, input.DailyBudget, input.Currency, input.Scenario),
            CancellationToken.None);
        return new LaunchedCampaign(input.Channel, input.CampaignId, campaign.PlatformCampaignId, input.DailyBudget);
    }
}

/// <summary>Sets one campaign's budget, content and status: activation, a restored version, a reallocation, a rollout step. Idempotent: it states the end state.</summary>
public sealed class ApplyCampaignState(ChannelAdapters channels) : TaskActivity<CampaignChange, PlatformCampaign>
{
    [Function(nameof(ApplyCampaignState))]
    public Task<PlatformCampaign> Run([ActivityTrigger] CampaignChange input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(ApplyCampaignState), instanceId), input);

    public override async Task<PlatformCampaign> RunAsync(TaskActivityContext context, CampaignChange input)
    {
        IChannelAdapter channel = channels.For(input.Channel);
        if (input.DailyBudget is { } budget)
        {
            await channel.SetDailyBudgetAsync(input.PlatformCampaignId, budget, input.Currency, CancellationToken.None);
        }

        if (input.Creatives is { } creatives)
        {
            await channel.SetCreativesAsync(input.PlatformCampaignId, creatives, CancellationToken.None);
        }

        return input.Active
            ? await channel.ResumeAsync(input.PlatformCampaignId, CancellationToken.None)
            : await channel.PauseAsync(input.PlatformCampaignId, CancellationToken.None);
    }
}
