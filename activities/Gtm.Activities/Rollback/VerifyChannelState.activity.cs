using Gtm.Activities.Launch;
using Gtm.Channels;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.Activities.Rollback;

/// <summary>Rollback step 5: reads every campaign back from its platform and lists what does not match.</summary>
public sealed class VerifyChannelState(ChannelAdapters channels) : TaskActivity<VerifyInput, ChannelCheck>
{
    [Function(nameof(VerifyChannelState))]
    public Task<ChannelCheck> Run([ActivityTrigger] VerifyInput input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(VerifyChannelState), instanceId), input);

    public override async Task<ChannelCheck> RunAsync(TaskActivityContext context, VerifyInput input)
    {
        var campaigns = new List<PlatformCampaign>();
        var mismatches = new List<string>();
        foreach (LaunchedCampaign expected in input.Campaigns)
        {
            PlatformCampaign actual = await channels.For(expected.Channel).GetAsync(expected.PlatformCampaignId, CancellationToken.None);
            campaigns.Add(actual);
            CampaignStatus wanted = input.ExpectActive ? CampaignStatus.Active : CampaignStatus.Paused;
            if (actual.Status != wanted)
            {
                mismatches.Add($"{expected.Channel} {expected.PlatformCampaignId} is {actual.Status}, expected {wanted}");
            }

            if (input.ExpectCreative is { } creative && actual.Creatives != new CreativeSplit(creative))
            {
                mismatches.Add($"{expected.Channel} {expected.PlatformCampaignId} serves {actual.Creatives}, expected content generation {creative} alone");
            }

            if (!input.ExpectActive && actual.DailyBudget != 0 && channels.For(expected.Channel).ZeroBudgetAllowed)
            {
                mismatches.Add($"{expected.Channel} {expected.PlatformCampaignId} still has a budget of {actual.DailyBudget} {actual.Currency}");
            }
        }

        return new ChannelCheck(campaigns, mismatches);
    }
}
