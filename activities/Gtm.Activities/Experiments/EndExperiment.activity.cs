using Gtm.Channels;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.Activities.Experiments;

/// <summary>Ends the test and serves the chosen variant (the winner, or the control) to the whole audience.</summary>
public sealed class EndExperiment(ChannelAdapters adapters) : TaskActivity<EndExperimentInput, PlatformCampaign>
{
    [Function(nameof(EndExperiment))]
    public Task<PlatformCampaign> Run([ActivityTrigger] EndExperimentInput input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(EndExperiment), instanceId), input);

    public override Task<PlatformCampaign> RunAsync(TaskActivityContext context, EndExperimentInput input) =>
        adapters.For(input.Channel).EndExperimentAsync(input.PlatformCampaignId, input.TestId, input.VariantId, CancellationToken.None);
}
