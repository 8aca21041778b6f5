using Gtm.Channels;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.Activities.Experiments;

/// <summary>Starts the A/B test on the campaign's platform; starting it again changes nothing.</summary>
public sealed class StartExperiment(ChannelAdapters adapters) : TaskActivity<StartExperimentInput, PlatformCampaign>
{
    [Function(nameof(StartExperiment))]
    public Task<PlatformCampaign> Run([ActivityTrigger] StartExperimentInput input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(StartExperiment), instanceId), input);

    public override Task<PlatformCampaign> RunAsync(TaskActivityContext context, StartExperimentInput input) =>
        adapters.For(input.Channel).StartExperimentAsync(input.PlatformCampaignId, input.Spec, CancellationToken.None);
}
