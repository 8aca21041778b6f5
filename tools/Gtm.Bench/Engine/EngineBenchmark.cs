using System.Diagnostics;
using System.Text.Json.Nodes;
using Gtm.Tools;

namespace Gtm.Bench.Engine;

/// <summary>
/// ./gtm bench engine [names...] [host=path]: the real engine's throughput, DurableTask.Core on
/// DurableTask.AzureStorage (on Azurite, with host.json's <c>extensions.durableTask</c>, the tuned
/// production settings) and on Durable Task's in-memory service, in one run, with Azurite's own
/// ceiling and the published Azure Storage provider figures to compare against. Names filter the
/// measurements ("orchestrations", or "memory" or "azurite" for one backend); none runs them all.
/// host=path reads the Azure Storage settings from another host.json (to try other values).
/// </summary>
internal static class EngineBenchmark
{
    /// <summary>Durable Functions' Azure Storage provider on a small VM, as published.</summary>
    private static readonly Dictionary<string, double> Published = new()
    {
        ["sequential_activities_per_s"] = 5,
        ["fanout_activities_per_s"] = 100,
        ["external_events_per_s"] = 50,
    };

    /// <summary>Work per measurement and backend, sized for ten to twenty seconds each at the targets.</summary>
    private static readonly Dictionary<string, (int Azurite, int Memory)> Counts = new()
    {
        ["sequential_activities_per_s"] = (200, 3000),
        ["fanout_activities_per_s"] = (1000, 20_000),
        ["orchestrations_per_s"] = (150, 2000),
        ["external_events_per_s"] = (300, 3000),
    };

    public static async Task RunAsync(string storage, IReadOnlyCollection<string> args)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        string? hostJsonPath = args.Where(a => a.StartsWith("host=", StringComparison.Ordinal)).Select(a => a[5..]).LastOrDefault();
        IReadOnlyCollection<string> only = [.. args.Where(a => !a.StartsWith("host=", StringComparison.Ordinal))];
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

        JsonObject durableTask = ToolRunner.HostJson(hostJsonPath)["extensions"]!["durableTask"]!.AsObject();
        Report.Note($"Azure Storage settings: {durableTask.ToJsonString()}");
        foreach ((string suffix, JsonObject? settings) in new[] { ("azurite", durableTask), ("memory", (JsonObject?)null) })
        {
            // "azurite" or "memory" among the names picks one backend.
            if (only.Contains(suffix == "azurite" ? "memory" : "azurite") && !only.Contains(suffix))
            {
                continue;
            }

            // Each measurement on a fresh hub, after a warm-up on it: JIT, connections and partition leases, not the engine.
            async Task MeasureAsync(string metric, Func<BenchHost, int, Task<DateTimeOffset>> work)
            {
                if (!Selected(metric))
                {
                    return;
                }

                int count = suffix == "azurite" ? Counts[metric].Azurite : Counts[metric].Memory;
                await using BenchHost host = await BenchHost.StartAsync(storage, settings);
                await host.RunAsync(nameof(BenchFunctions.FiveActivities), 0, timeout.Token);
                using StorageRequestCounter? requests = settings is null ? null : new StorageRequestCounter(storage);
                DateTimeOffset started = DateTimeOffset.UtcNow;
                var clock = Stopwatch.StartNew();
                DateTimeOffset finished = await work(host, count);
                // The instances' own completion time, where it is sound: waiting polls, and a poll's back-off is not the engine's.
                TimeSpan elapsed = finished > started && finished - started < clock.Elapsed ? finished - started : clock.Elapsed;
                Record(results, $"{metric}.{suffix}", count / elapsed.TotalSeconds);
                foreach ((string kind, long total) in (requests?.Snapshot() ?? new Dictionary<string, long>()).OrderBy(pair => pair.Key, StringComparer.Ordinal))
                {
                    // What one unit of work costs in storage transactions, per service and method.
                    Report.Line($"{metric}.{suffix}.storage_requests_per_item.{kind}", (double)total / count);
                }
            }

            await MeasureAsync("sequential_activities_per_s", async (host, n) => (await host.RunAsync(nameof(BenchFunctions.Sequence), n, timeout.Token)).LastUpdatedAt);
            await MeasureAsync("fanout_activities_per_s", async (host, n) => (await host.RunAsync(nameof(BenchFunctions.FanOutFanIn), n, timeout.Token)).LastUpdatedAt);
            await MeasureAsync("orchestrations_per_s", (host, n) => ManyOrchestrationsAsync(host, n, timeout.Token));
            await MeasureAsync("external_events_per_s", (host, n) => EventsAsync(host, n, timeout.Token));
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
        foreach (string metric in Counts.Keys)
        {
            Ratio($"{metric}.memory_vs_azurite", $"{metric}.memory", $"{metric}.azurite");
        }
    }

    /// <summary>Five-activity orchestrations started all at once; done when the last completes.</summary>
    private static async Task<DateTimeOffset> ManyOrchestrationsAsync(BenchHost host, int count, CancellationToken cancellation)
    {
        string[] ids = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellation }, async (n, ct) =>
            ids[n] = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(BenchFunctions.FiveActivities), n, ct));
        DateTimeOffset last = DateTimeOffset.MinValue;
        foreach (string id in ids)
        {
            // Most are done by the time their turn comes.
            DateTimeOffset done = (await host.WaitAsync(id, cancellation)).LastUpdatedAt;
            last = done > last ? done : last;
        }

        return last;
    }

    /// <summary>Events raised by a client, as fast as it can, into one waiting instance.</summary>
    private static async Task<DateTimeOffset> EventsAsync(BenchHost host, int count, CancellationToken cancellation)
    {
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(BenchFunctions.EventCounter), count, cancellation);
        await host.Client.WaitForInstanceStartAsync(id, cancellation: cancellation);
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellation }, async (n, ct) =>
            await host.Client.RaiseEventAsync(id, "tick", n, ct));
        return (await host.WaitAsync(id, cancellation)).LastUpdatedAt;
    }
}
