using Gtm.Channels;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.Activities.Experiments;

/// <summary>Exposures and conversions per variant, as the platform reports them.</summary>
public sealed class ReadExperiment(ChannelAdapters adapters) : TaskActivity<ReadExperimentInput, ExperimentMetrics>
{
    [Function(nameof(ReadExperiment))]
    public Task<ExperimentMetrics> Run([ActivityTrigger] ReadExperimentInput input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(ReadExperiment), instanceId), input);

    public override Task<ExperimentMetrics> RunAsync(TaskActivityContext context, ReadExperimentInput input) =>
        adapters.For(input.Channel).ReadExperimentAsync(input.PlatformCampaignId, input.TestId, CancellationToken.None);
}
