using Gtm.Activities.Launch;
using Gtm.Channels;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.Activities.Rollback;

/// <summary>Rollback step 1: pause the campaign and set its budget to zero. Idempotent: pausing a paused campaign changes nothing.</summary>
public sealed class StopCampaignSpend(ChannelAdapters channels) : TaskActivity<LaunchedCampaign, PlatformCampaign>
{
    [Function(nameof(StopCampaignSpend))]
    public Task<PlatformCampaign> Run([ActivityTrigger] LaunchedCampaign input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(StopCampaignSpend), instanceId), input);

    public override async Task<PlatformCampaign> RunAsync(TaskActivityContext context, LaunchedCampaign input)
    {
        IChannelAdapter channel = channels.For(input.Channel);
        PlatformCampaign paused = await channel.PauseAsync(input.PlatformCampaignId, CancellationToken.None);
        return await channel.SetDailyBudgetAsync(input.PlatformCampaignId, 0m, paused.Currency, CancellationToken.None);
    }
}
