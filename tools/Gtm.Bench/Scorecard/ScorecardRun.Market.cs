using Gtm.Activities.Launch;
using Gtm.Channels;
using Gtm.Functions.Monitoring;
using Gtm.Testing.Durable;
using Microsoft.DurableTask.Client;

namespace Gtm.Bench.Scorecard;

/// <summary>What a set of campaigns delivered over a span of market days.</summary>
internal sealed record Delivered(long Impressions, long Clicks, long Leads, long Conversions, decimal Spend, decimal Value);

/// <summary>Every live campaign's totals at launch (<paramref name="start"/>) and at the end of each market day, as its platform reports them.</summary>
internal sealed class MarketSnapshots(DateTimeOffset start)
{
    private readonly List<Dictionary<string, ChannelMetrics>> days = [];

    public int Days => days.Count - 1;

    /// <summary>The market day <paramref name="at"/> falls in, counted from launch.</summary>
    public int Day(DateTimeOffset at) => (int)Math.Floor((at - start).TotalDays);

    /// <summary>What <paramref name="campaigns"/> delivered from the end of day <paramref name="from"/> to the end of day <paramref name="to"/> (day 0 is launch); null past the run.</summary>
    public Delivered? Between(IEnumerable<LaunchedCampaign> campaigns, int from, int to)
    {
        if (from < 0 || to > Days || from >= to)
        {
            return null;
        }

        ChannelMetrics[] start = [.. campaigns.Select(c => days[from].GetValueOrDefault(c.PlatformCampaignId)).OfType<ChannelMetrics>()];
        ChannelMetrics[] end = [.. campaigns.Select(c => days[to].GetValueOrDefault(c.PlatformCampaignId)).OfType<ChannelMetrics>()];
        return new Delivered(
            end.Sum(m => m.Impressions) - start.Sum(m => m.Impressions),
            end.Sum(m => m.Clicks) - start.Sum(m => m.Clicks),
            end.Sum(m => m.Leads) - start.Sum(m => m.Leads),
            end.Sum(m => m.Conversions) - start.Sum(m => m.Conversions),
            end.Sum(m => m.Spend) - start.Sum(m => m.Spend),
            end.Sum(m => m.ConversionValue) - start.Sum(m => m.ConversionValue));
    }

    public async Task TakeAsync(IReadOnlyList<LaunchedCampaign> campaigns, ChannelAdapters adapters)
    {
        var day = new Dictionary<string, ChannelMetrics>(StringComparer.Ordinal);
        foreach (LaunchedCampaign campaign in campaigns)
        {
            day[campaign.PlatformCampaignId] = await adapters.For(campaign.Channel).ReadMetricsAsync(campaign.PlatformCampaignId, CancellationToken.None);
        }

        days.Add(day);
    }
}

internal sealed partial class ScorecardRun
{
    /// <summary>Runs the market for <paramref name="days"/> from launch, the schedule every simulated hour; the campaigns' totals are taken at launch and each day's end.</summary>
    private async Task<MarketSnapshots> MarketAsync(IReadOnlyList<LaunchedCampaign> campaigns, int days)
    {
        var scheduler = runner.Service<MonitoringScheduler>();
        var client = runner.Service<DurableTaskClient>();
        var adapters = runner.Service<ChannelAdapters>();
        var snapshots = new MarketSnapshots(time.GetUtcNow());
        await hub.WaitForIdleAsync(CancellationToken.None);
        await snapshots.TakeAsync(campaigns, adapters);
        await hub.RunHourlyAsync(time, TimeSpan.FromDays(days), () => scheduler.StartDueAsync(client, CancellationToken.None), async hour =>
        {
            if (hour % 24 == 0)
            {
                await hub.WaitForIdleAsync(CancellationToken.None);
                await snapshots.TakeAsync(campaigns, adapters);
                Report.Note($"  market day {hour / 24} of {days}");
            }
        });
        return snapshots;
    }
}
