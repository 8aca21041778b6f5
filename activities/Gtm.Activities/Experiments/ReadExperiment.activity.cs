using Gtm.Channels;
using Gtm.Durable;

namespace Gtm.Activities.Experiments;

/// <summary>Exposures and conversions per variant, as the platform reports them.</summary>
public sealed class ReadExperiment(ChannelAdapters adapters) : TaskActivity<ReadExperimentInput, ExperimentMetrics>
{
    public override Task<ExperimentMetrics> RunAsync(TaskActivityContext context, ReadExperimentInput input) =>
        adapters.For(input.Channel).ReadExperimentAsync(input.PlatformCampaignId, input.TestId, CancellationToken.None);
}
