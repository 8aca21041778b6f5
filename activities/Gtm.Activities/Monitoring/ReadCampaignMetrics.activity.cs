using Gtm.Activities.Launch;
using Gtm.Durable;
using Gtm.Channels;

namespace Gtm.Activities.Monitoring;

/// <summary>One campaign's totals from its platform (read-only, so safe to repeat).</summary>
public sealed class ReadCampaignMetrics(ChannelAdapters channels) : TaskActivity<LaunchedCampaign, CampaignReading>
{
    public override async Task<CampaignReading> RunAsync(TaskActivityContext context, LaunchedCampaign input) =>
        new(input.Channel, input.PlatformCampaignId, await channels.For(input.Channel).ReadMetricsAsync(input.PlatformCampaignId, CancellationToken.None));
}
