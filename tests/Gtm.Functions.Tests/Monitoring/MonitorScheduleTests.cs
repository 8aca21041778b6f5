using Gtm.Activities.Storage;
using Gtm.Functions.Monitoring;
using Gtm.Functions.Tests.Support;
using Gtm.Functions.Tests.Ventures;
using Gtm.Orchestrations;
using Microsoft.DurableTask.Client;

namespace Gtm.Functions.Tests.Monitoring;

/// <summary>
/// The schedule on Azurite with two hosts of one app, both running the timer every second and
/// their schedulers called besides, on a compressed market (a day in four seconds): each venture
/// is evaluated once per slot, and the ROAS collapse scenario reaches its GTM-004 recursion.
/// </summary>
[Trait("Category", "Integration")]
[Collection(nameof(MarketCollection))]
public sealed class MonitorScheduleTests
{
    [Fact(Timeout = 240_000)]
    public async Task Two_hosts_evaluate_each_venture_once_per_slot_and_a_collapsing_roas_gets_its_recursion()
    {
        string app = Guid.NewGuid().ToString("N")[..10];
        var shared = new Dictionary<string, string?>
        {
            ["HostId"] = $"app-{app}",
            ["Gtm__StoragePrefix"] = $"M{app}",
            ["Gtm__Stage16Queue"] = $"s16-{app}",
            ["Gtm__Stage18Queue"] = $"s18-{app}",
            ["Gtm__Stage18Target"] = $"in-{app}",
            ["Gtm__MonitorSchedule"] = "* * * * * *",
            ["Gtm__TimeScale"] = "21600",
        };
        await using FunctionsHost first = await FunctionsHost.StartAsync(hub => hub["extensions"]!["durableTask"]!["hubName"] = $"M{app}", shared);
        await using FunctionsHost second = await FunctionsHost.StartAsync(hub => hub["extensions"]!["durableTask"]!["hubName"] = $"M{app}", shared);
        using HttpClient client = first.CreateClient();
        client.DefaultRequestHeaders.Add("x-functions-key", FunctionsHost.MasterKey);
        string healthy = $"h-{app}", collapsing = $"r-{app}";
        await Task.WhenAll(VentureClient.LaunchAsync(client, healthy, "?scenario=healthy"), VentureClient.LaunchAsync(client, collapsing, "?scenario=roas_collapse"));

        var history = first.Service<InterventionStore>();
        FunctionsHost[] hosts = [first, second];
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        while (!(await history.ListAsync(collapsing, CancellationToken.None)).Any(i => i.Kind == "budget" && i.Reason.StartsWith("GTM-004", StringComparison.Ordinal)))
        {
            // Both hosts' schedulers race the timers on purpose.
            await Task.WhenAll(hosts.Select(h => h.Service<MonitoringScheduler>().StartDueAsync(h.Service<DurableTaskClient>(), stop.Token)));
            await Task.Delay(300, stop.Token);
        }

        var durable = first.Service<DurableTaskClient>();
        var evaluations = first.Service<EvaluationStore>();
        foreach (string venture in new[] { healthy, collapsing })
        {
            List<OrchestrationMetadata> instances = [];
            await foreach (OrchestrationMetadata instance in durable.GetAllInstancesAsync(new OrchestrationQuery(InstanceIdPrefix: $"eval-{venture}-")))
            {
                instances.Add(instance);
            }

            IReadOnlyList<EvaluationRecord> recorded = await evaluations.LatestAsync(venture, 500, CancellationToken.None);
            Assert.True(recorded.Count >= 4, $"{venture}: {recorded.Count} evaluations");
            // Every recorded slot has its one instance; at most one more is still reading its metrics.
            Assert.Subset(instances.Select(i => i.InstanceId).ToHashSet(), recorded.Select(r => new EvaluationInput(venture, r.Slot).InstanceId).ToHashSet());
            Assert.InRange(instances.Count, recorded.Count, recorded.Count + 1);
            Assert.DoesNotContain(instances, i => i.RuntimeStatus == OrchestrationRuntimeStatus.Failed);
            Assert.All(recorded.Zip(recorded.Skip(1)), pair => Assert.True(pair.First.Slot - pair.Second.Slot >= TimeSpan.FromSeconds(4), $"{pair.Second.Slot:O} then {pair.First.Slot:O}"));
        }

        Assert.Single(await history.ListAsync(collapsing, CancellationToken.None), i => i.Kind == "recursion" && i.Trigger == "GTM-004");
        Assert.DoesNotContain(await history.ListAsync(healthy, CancellationToken.None), i => i.Kind == "recursion");
    }
}
