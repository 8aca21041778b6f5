using Gtm.Channels;
using Gtm.Durable;

namespace Gtm.Activities.Experiments;

/// <summary>Starts the A/B test on the campaign's platform; starting it again changes nothing.</summary>
public sealed class StartExperiment(ChannelAdapters adapters) : TaskActivity<StartExperimentInput, PlatformCampaign>
{
    public override Task<PlatformCampaign> RunAsync(TaskActivityContext context, StartExperimentInput input) =>
        adapters.For(input.Channel).StartExperimentAsync(input.PlatformCampaignId, input.Spec, CancellationToken.None);
}
