using System.Diagnostics;
using Gtm.Durable.Samples;

namespace Gtm.Bench.Engine;

/// <summary>
/// ./gtm bench engine [names...]: the engine's throughput on Azurite and in memory, in one run, with
/// Azurite's raw ceiling and the published Azure Storage provider figures to compare against.
/// Names filter the measurements (for example "orchestrations", or "memory" for one backend); none runs them all.
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

    public static async Task RunAsync(string storage, IReadOnlyCollection<string> only)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        IReadOnlyCollection<string> metrics = [.. only.Where(name => name is not ("azurite" or "memory"))];
        bool Selected(string metric) => metrics.Count == 0 || metrics.Any(name => metric.Contains(name, StringComparison.Ordinal));
        var results = new Dictionary<string, double>();
        bool azurite = !only.Contains("memory") || only.Contains("azurite");
        if (azurite && Selected("azurite_table_upserts_per_s"))
        {
            Record(results, "azurite_table_upserts_per_s", await StorageCeiling.TableUpsertsPerSecondAsync(storage, 4000));
        }

        if (azurite && Selected("azurite_queue_roundtrips_per_s"))
        {
            Record(results, "azurite_queue_roundtrips_per_s", await StorageCeiling.QueueRoundTripsPerSecondAsync(storage, 2000));
        }

        foreach ((string suffix, string? connection, int scale) in new[] { ("azurite", storage, 1), ("memory", (string?)null, 10) })
        {
            // "azurite" or "memory" among the names picks one backend.
            if (only.Contains(suffix == "azurite" ? "memory" : "azurite") && !only.Contains(suffix))
            {
                continue;
            }

            // Each measurement on a fresh hub, after a warm-up on it: JIT and connections, not the engine.
            async Task MeasureAsync(string metric, int count, Func<BenchHost, Task> work)
            {
                if (!Selected(metric))
                {
                    return;
                }

                await using BenchHost host = await BenchHost.StartAsync(connection);
                await host.RunAsync(nameof(FiveActivities), 0, timeout.Token);
                using StorageRequestCounter? requests = connection is null ? null : new StorageRequestCounter();
                var clock = Stopwatch.StartNew();
                await work(host);
                Record(results, $"{metric}.{suffix}", count / clock.Elapsed.TotalSeconds);
                foreach ((string kind, long total) in (requests?.Snapshot() ?? new Dictionary<string, long>()).OrderBy(pair => pair.Key, StringComparer.Ordinal))
                {
                    // What one unit of work costs in storage transactions, per service and method.
                    Report.Line($"{metric}.{suffix}.storage_requests_per_item.{kind}", (double)total / count);
                }
            }

            await MeasureAsync("sequential_activities_per_s", 100 * scale, host => host.RunAsync(nameof(Sequence), 100 * scale, timeout.Token));
            await MeasureAsync("fanout_activities_per_s", 1000 * scale, host => host.RunAsync(nameof(FanOutFanIn), 1000 * scale, timeout.Token));
            await MeasureAsync("orchestrations_per_s", 1000 * scale, host => ManyOrchestrationsAsync(host, 1000 * scale, timeout.Token));
            await MeasureAsync("external_events_per_s", 500 * scale, host => EventsAsync(host, 500 * scale, timeout.Token));
        }

        PrintRatios(results);
    }

    private static void Record(Dictionary<string, double> results, string name, double value)
    {
        results[name] = value;
        Report.Line(name, value);
    }

    /// <summary>Against the published figures, the storage ceiling, and in memory against Azurite.</summary>
    private static void PrintRatios(Dictionary<string, double> results)
    {
        void Ratio(string name, string numerator, string denominator, double scale = 1)
        {
            if (results.TryGetValue(numerator, out double top) && results.TryGetValue(denominator, out double bottom))
            {
                Report.Line(name, top * scale / bottom);
            }
        }

        foreach ((string metric, double figure) in Published)
        {
            results[$"{metric}.published"] = figure;
            Ratio($"{metric}.azurite_vs_published", $"{metric}.azurite", $"{metric}.published");
        }

        // A five-activity orchestration is six episodes and five activities: about eleven work items.
        results["work_items_per_s.published"] = 250;
        Ratio("orchestrations_per_s.azurite_work_items_vs_published", "orchestrations_per_s.azurite", "work_items_per_s.published", 11);
        Ratio("fanout_activities_per_s.azurite_vs_queue_ceiling", "fanout_activities_per_s.azurite", "azurite_queue_roundtrips_per_s");
        foreach (string metric in new[] { "sequential_activities_per_s", "fanout_activities_per_s", "orchestrations_per_s", "external_events_per_s" })
        {
            Ratio($"{metric}.memory_vs_azurite", $"{metric}.memory", $"{metric}.azurite");
        }
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
