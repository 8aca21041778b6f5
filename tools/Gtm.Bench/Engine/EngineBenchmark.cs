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

    /// <summary>Work items per measurement and backend, sized for five to twenty seconds each at the targets.</summary>
    private static readonly Dictionary<string, (int Azurite, int Memory)> Counts = new()
    {
        ["sequential_activities_per_s"] = (Chain, 10 * Chain),
        ["fanout_activities_per_s"] = (1000, 20_000),
        ["orchestrations_per_s"] = (150, 2000),
        ["external_events_per_s"] = (300, 3000),
    };

    /// <summary>
    /// Activities in one sequence. Without extended sessions (in memory) every episode replays the
    /// whole history, so a longer chain is slower per activity; in memory the chain is run ten times.
    /// </summary>
    private const int Chain = 300;

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
            async Task MeasureAsync(string metric, Func<BenchHost, int, Task<TimeSpan>> work)
            {
                if (!Selected(metric))
                {
                    return;
                }

                int count = suffix == "azurite" ? Counts[metric].Azurite : Counts[metric].Memory;
                var setup = Stopwatch.StartNew();
                await using BenchHost host = await BenchHost.StartAsync(storage, settings);
                await host.RunAsync(nameof(BenchFunctions.FiveActivities), 0, timeout.Token);
                Report.Note($"{metric}.{suffix}: hub started and warmed up in {setup.Elapsed.TotalSeconds:0.0} s; {count} items");
                using StorageRequestCounter? requests = settings is null ? null : new StorageRequestCounter(storage);
                var clock = Stopwatch.StartNew();
                TimeSpan elapsed = await work(host, count);
                // The instances' own times, bounded by the wall clock: waiting polls, and a poll's back-off is not the engine's.
                Report.Note($"{metric}.{suffix}: {elapsed.TotalSeconds:0.00} s by the hub's times, {clock.Elapsed.TotalSeconds:0.00} s by the wall clock");
                Record(results, $"{metric}.{suffix}", count / (elapsed > TimeSpan.Zero && elapsed < clock.Elapsed ? elapsed : clock.Elapsed).TotalSeconds);
                foreach ((string kind, long total) in (requests?.Snapshot() ?? new Dictionary<string, long>()).OrderBy(pair => pair.Key, StringComparer.Ordinal))
                {
                    // What one unit of work costs in storage transactions, per service and method.
                    Report.Line($"{metric}.{suffix}.storage_requests_per_item.{kind}", (double)total / count);
                }
            }

            await MeasureAsync("sequential_activities_per_s", (host, n) => EngineWorkloads.ChainsAsync(host, Chain, n / Chain, timeout.Token));
            await MeasureAsync("fanout_activities_per_s", async (host, n) => EngineWorkloads.Duration(await host.RunAsync(nameof(BenchFunctions.FanOutFanIn), n, timeout.Token)));
            await MeasureAsync("orchestrations_per_s", (host, n) => EngineWorkloads.ManyOrchestrationsAsync(host, n, timeout.Token));
            await MeasureAsync("external_events_per_s", (host, n) => EngineWorkloads.EventsAsync(host, n, timeout.Token));
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
}
