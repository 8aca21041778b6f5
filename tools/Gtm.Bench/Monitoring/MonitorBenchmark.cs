using System.Diagnostics;
using System.Text.Json;
using Gtm.Activities.Launch;
using Gtm.Activities.Storage;
using Gtm.Bench.Pipeline;
using Gtm.Channels;
using Gtm.Domain.Content;
using Gtm.Domain.Monitoring;
using Gtm.Domain.Ventures;
using Gtm.Functions.Monitoring;
using Gtm.LocalRunner;
using Gtm.Testing;
using Gtm.Tools;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Gtm.Bench.Monitoring;

/// <summary>
/// ./gtm bench monitor [ventures=N]: N monitored ventures (1,000 by default) all due at once on
/// Azurite; the scheduler starts their evaluations and the figure is evaluations completed per
/// second. Ten ventures go through Stage 17; the rest are copies of them, each with campaigns of
/// its own on the sandboxes, so every evaluation reads and writes its own state.
/// </summary>
internal static class MonitorBenchmark
{
    private const int Templates = 10;

    public static async Task RunAsync(string storage, IReadOnlyCollection<string> args)
    {
        int count = args.Select(a => a.StartsWith("ventures=", StringComparison.Ordinal) ? int.Parse(a[9..], System.Globalization.CultureInfo.InvariantCulture) : 0).FirstOrDefault(n => n > 0, 1000);
        // The timer is off: the benchmark makes every venture due at once and starts the evaluations itself.
        await using EmbeddedRunner runner = await ToolRunner.StartProductAsync(storage, new Dictionary<string, string?> { ["AzureWebJobs.MonitorSchedule.Disabled"] = "true" });
        IServiceProvider services = runner.Services;
        using HttpClient http = runner.CreateClient();
        var stage = new StageClient(http);
        for (int n = 0; n < Templates; n++)
        {
            await stage.RunAsync(StandardVenture.Create($"tpl-{n}"));
        }

        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count - Templates), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (n, _) => await CopyAsync(services, $"tpl-{n % Templates}", $"mon-{n}"));
        Report.Note($"seeded {count} monitored ventures in {clock.Elapsed.TotalSeconds:0} s");

        // Every venture due now.
        var monitoring = services.GetRequiredService<MonitoringStore>();
        DateTimeOffset now = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(await monitoring.ListAsync(CancellationToken.None), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (v, token) =>
            await monitoring.UpdateAsync(v.VentureId, row => row with { NextDueAt = now }, token));

        var client = services.GetRequiredService<DurableTaskClient>();
        clock.Restart();
        int started = await services.GetRequiredService<MonitoringScheduler>().StartDueAsync(client, CancellationToken.None);
        int completed = 0;
        while (completed < started && clock.Elapsed < TimeSpan.FromMinutes(30))
        {
            await Task.Delay(1000);
            completed = 0;
            await foreach (OrchestrationMetadata _ in client.GetAllInstancesAsync(new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Completed], InstanceIdPrefix: "eval-", PageSize: 1000)))
            {
                completed++;
            }
        }

        Report.Line("monitored_ventures", started);
        Report.Line("evaluations_completed", completed);
        Report.Line("evaluations_per_s", completed / clock.Elapsed.TotalSeconds);
        Report.Line("peak_rss_mb", Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0);
    }

    /// <summary>A monitored copy of a launched venture, with campaigns of its own, live on the sandboxes.</summary>
    private static async Task CopyAsync(IServiceProvider services, string template, string venture)
    {
        CancellationToken none = CancellationToken.None;
        var monitoring = services.GetRequiredService<MonitoringStore>();
        var versions = services.GetRequiredService<ConfigVersionStore>();
        var contents = services.GetRequiredService<ContentStore>();
        var channels = services.GetRequiredService<ChannelAdapters>();
        MonitoredVenture source = (await monitoring.GetAsync(template, none))!;
        var campaigns = new List<LaunchedCampaign>();
        foreach (LaunchedCampaign campaign in JsonSerializer.Deserialize<List<LaunchedCampaign>>(source.CampaignsJson, ContractJson.Options)!)
        {
            string id = campaign.CampaignId.Replace(template, venture, StringComparison.Ordinal);
            IChannelAdapter channel = channels.For(campaign.Channel);
            PlatformCampaign created = await channel.ProvisionAsync(new ProvisionRequest($"bench:{venture}:{id}", venture, id, id, campaign.DailyBudget, source.Currency, "healthy"), none);
            await channel.ResumeAsync(created.PlatformCampaignId, none);
            campaigns.Add(campaign with { CampaignId = id, PlatformCampaignId = created.PlatformCampaignId });
            CampaignContent content = (await contents.GetAsync(template, campaign.CampaignId, 1, none))!;
            await contents.SaveAsync(1, [content with { Id = id, VentureId = venture }], none);
        }

        ConfigVersion config = (await versions.GetAsync(template, source.ConfigVersion, none))!;
        int version = await versions.AppendAsync(venture, config.ConfigJson.Replace(template, venture, StringComparison.Ordinal), "bench", "copy", $"bench:{venture}", DateTimeOffset.UtcNow, none);
        await versions.MarkLastKnownGoodAsync(venture, version, none);
        await services.GetRequiredService<ThresholdStore>().EnsureVentureAsync(venture, await services.GetRequiredService<ThresholdStore>().ForVentureAsync(template, none), none);
        await monitoring.EnrolAsync(source with
        {
            VentureId = venture,
            InputsJson = source.InputsJson.Replace(template, venture, StringComparison.Ordinal),
            CampaignsJson = JsonSerializer.Serialize(campaigns, ContractJson.Options),
            ConfigVersion = version,
        }, none);
    }
}
