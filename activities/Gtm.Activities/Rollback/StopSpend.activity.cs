using Gtm.Activities.Channels;
using Gtm.Activities.Launch;
using Gtm.Channels;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.Activities.Rollback;

/// <summary>
/// Rollback step 1: pause every campaign and set its budget to zero, all at once. Idempotent:
/// pausing a paused campaign changes nothing, so a retry after a transient failure repeats the
/// stops that had worked. A platform's refusal is reported per campaign.
/// </summary>
public sealed class StopSpend(ChannelAdapters channels) : TaskActivity<IReadOnlyList<LaunchedCampaign>, SpendStops>
{
    [Function(nameof(StopSpend))]
    public Task<SpendStops> Run([ActivityTrigger] IReadOnlyList<LaunchedCampaign> input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(StopSpend), instanceId), input);

    public override async Task<SpendStops> RunAsync(TaskActivityContext context, IReadOnlyList<LaunchedCampaign> input)
    {
        var outcomes = await ChannelBatch.RunAsync(input, async campaign =>
        {
            IChannelAdapter channel = channels.For(campaign.Channel);
            PlatformCampaign paused = await channel.PauseAsync(campaign.PlatformCampaignId, CancellationToken.None);
            // Paused spends nothing; a zero budget as well, where the platform takes one, keeps a resume from spending.
            return channel.ZeroBudgetAllowed
                ? await channel.SetDailyBudgetAsync(campaign.PlatformCampaignId, 0m, paused.Currency, CancellationToken.None)
                : paused;
        });
        ChannelBatch.ThrowIfRetryable(outcomes, Describe);
        return new SpendStops([.. outcomes.Where(o => o.Failure is not null).Select(o => $"spend not stopped on {Describe(o.Item)}: {o.Failure!.Message}")]);
    }

    private static string Describe(LaunchedCampaign campaign) => $"{campaign.Channel} {campaign.PlatformCampaignId}";
}
