using System.Diagnostics;
using Gtm.Durable;
using Gtm.Durable.Samples;

namespace Gtm.Bench.Engine;

/// <summary>
/// ./gtm bench engine: the engine's throughput on Azurite and in memory, in one run, with Azurite's
/// raw ceiling and the published Azure Storage provider figures to compare against.
/// </summary>
internal static class EngineBenchmark
{
    /// <summary>Durable Functions' Azure Storage provider on a small VM (ENGINE.md).</summary>
    private static readonly Dictionary<string, double> Published = new()
    {
        ["sequential_activities_per_s"] = 5,
        ["fanout_activities_per_s"] = 100,
        ["external_events_per_s"] = 50,
    };

    public static async Task RunAsync(string storage)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        double upserts = await StorageCeiling.TableUpsertsPerSecondAsync(storage, 4000);
        double roundTrips = await StorageCeiling.QueueRoundTripsPerSecondAsync(storage, 2000);
        Report.Line("azurite_table_upserts_per_s", upserts);
        Report.Line("azurite_queue_roundtrips_per_s", roundTrips);

        var results = new Dictionary<string, double>();
        foreach ((string suffix, string? connection, int scale) in new[] { ("azurite", storage, 1), ("memory", (string?)null, 10) })
        {
            await using BenchHost host = await BenchHost.StartAsync(connection);
            await host.RunAsync(nameof(FiveActivities), 0, timeout.Token);  // warm-up
            Measure(results, "sequential_activities_per_s", suffix, 100 * scale, await TimeAsync(() => host.RunAsync(nameof(Sequence), 100 * scale, timeout.Token)));
            Measure(results, "fanout_activities_per_s", suffix, 1000 * scale, await TimeAsync(() => host.RunAsync(nameof(FanOutFanIn), 1000 * scale, timeout.Token)));
            Measure(results, "orchestrations_per_s", suffix, 1000 * scale, await TimeAsync(() => ManyOrchestrationsAsync(host, 1000 * scale, timeout.Token)));
            Measure(results, "external_events_per_s", suffix, 500 * scale, await TimeAsync(() => EventsAsync(host, 500 * scale, timeout.Token)));
        }

        foreach ((string metric, double figure) in Published)
        {
            Report.Line($"{metric}.azurite_vs_published", results[$"{metric}.azurite"] / figure);
        }

        Report.Line("orchestrations_per_s.azurite_work_items_vs_published", results["orchestrations_per_s.azurite"] * 6 / 250);
        Report.Line("fanout_activities_per_s.azurite_vs_queue_ceiling", results["fanout_activities_per_s.azurite"] / roundTrips);
        foreach (string metric in new[] { "sequential_activities_per_s", "fanout_activities_per_s", "orchestrations_per_s", "external_events_per_s" })
        {
            Report.Line($"{metric}.memory_vs_azurite", results[$"{metric}.memory"] / results[$"{metric}.azurite"]);
        }
    }

    private static void Measure(Dictionary<string, double> results, string metric, string suffix, int count, TimeSpan elapsed)
    {
        double rate = count / elapsed.TotalSeconds;
        results[$"{metric}.{suffix}"] = rate;
        Report.Line($"{metric}.{suffix}", rate);
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> work)
    {
        var clock = Stopwatch.StartNew();
        await work();
        return clock.Elapsed;
    }

    /// <summary>Starts them all at once, then waits for each (most are done by the time their turn comes).</summary>
    private static async Task ManyOrchestrationsAsync(BenchHost host, int count, CancellationToken cancellation)
    {
        string[] ids = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellation }, async (n, ct) =>
            ids[n] = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FiveActivities), n, cancellation: ct));
        foreach (string id in ids)
        {
            await host.WaitAsync(id, cancellation);
        }
    }

    /// <summary>Events raised by a client, as fast as it can, into one waiting instance.</summary>
    private static async Task EventsAsync(BenchHost host, int count, CancellationToken cancellation)
    {
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(EventCounter), count, cancellation: cancellation);
        await host.Client.WaitForInstanceStartAsync(id, cancellation: cancellation);
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellation }, async (n, ct) =>
            await host.Client.RaiseEventAsync(id, "tick", n, ct));
        await host.WaitAsync(id, cancellation);
    }
}
