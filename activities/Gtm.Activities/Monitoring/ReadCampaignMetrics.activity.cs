using Gtm.Activities.Launch;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Gtm.Channels;

namespace Gtm.Activities.Monitoring;

/// <summary>One campaign's totals from its platform (read-only, so safe to repeat).</summary>
public sealed class ReadCampaignMetrics(ChannelAdapters channels) : TaskActivity<LaunchedCampaign, CampaignReading>
{
    [Function(nameof(ReadCampaignMetrics))]
    public Task<CampaignReading> Run([ActivityTrigger] LaunchedCampaign input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(ReadCampaignMetrics), instanceId), input);

    public override async Task<CampaignReading> RunAsync(TaskActivityContext context, LaunchedCampaign input) =>
        new(input.Channel, input.PlatformCampaignId, await channels.For(input.Channel).ReadMetricsAsync(input.PlatformCampaignId, CancellationToken.None));
}
