using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gtm.Domain.Ventures;
using Gtm.LocalRunner;
using Gtm.Testing;
using Gtm.Tools;

namespace Gtm.Bench.Pipeline;

/// <summary>
/// ./gtm bench pipeline [load=N]: Stage 17 through the Functions app's HTTP API (the local runner, in process) on Azurite: a standard
/// venture's latency, N ventures at once (1,000 by default), automation success over varied valid
/// ventures, rejection of varied invalid ones, and how fast a rollback stops spend.
/// </summary>
internal static class PipelineBenchmark
{
    public static async Task RunAsync(string storage, IReadOnlyCollection<string> args)
    {
        int load = args.Select(a => a.StartsWith("load=", StringComparison.Ordinal) ? int.Parse(a[5..], System.Globalization.CultureInfo.InvariantCulture) : 0).FirstOrDefault(n => n > 0, 1000);
        await using EmbeddedRunner runner = await ToolRunner.StartProductAsync(storage);
        using HttpClient http = runner.CreateClient(TimeSpan.FromMinutes(10));
        var stage = new StageClient(http);

        var phase = Stopwatch.StartNew();
        void Done(string what)
        {
            Report.Note($"{what} in {phase.Elapsed.TotalSeconds:0} s");
            phase.Restart();
        }

        await stage.RunAsync(Standard("warmup"));
        var latencies = new List<double>();
        for (int n = 0; n < 20; n++)
        {
            var clock = Stopwatch.StartNew();
            await stage.RunAsync(Standard($"latency-{n}"));
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }

        Report.Line("venture_latency_p50_ms", Percentiles.Of(latencies, 50));
        Report.Line("venture_latency_p95_ms", Percentiles.Of(latencies, 95));
        Done("20 standard ventures one after the other");

        int succeeded = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (seed, _) =>
        {
            JsonElement? result = await stage.TryRunAsync(Varied(seed));
            if (result?.GetProperty("outcome").GetString() == "launched")
            {
                Interlocked.Increment(ref succeeded);
            }
        });
        Report.Line("automation_success_rate", succeeded / 200.0);
        Done("200 varied ventures, 16 at a time");

        int rejected = 0;
        for (int n = 0; n < 100; n++)
        {
            rejected += await stage.RejectedCleanlyAsync(Invalid.Create(Varied(1000 + n), n)) ? 1 : 0;
        }

        Report.Line("invalid_rejection_rate", rejected / 100.0);
        Done("100 invalid ventures");

        var spendStopped = new List<double>();
        var total = new List<double>();
        for (int n = 0; n < 10; n++)
        {
            (double stopped, double whole) = await stage.RollbackAsync($"latency-{n}");
            spendStopped.Add(stopped);
            total.Add(whole);
        }

        Report.Line("rollback_spend_stopped_ms", Percentiles.Of(spendStopped, 50));
        Report.Line("rollback_total_ms", Percentiles.Of(total, 50));
        Done("10 manual rollbacks");

        var loadClock = Stopwatch.StartNew();
        Uri[] started = await Task.WhenAll(Enumerable.Range(0, load).Select(n => stage.StartAsync(Standard($"load-{n}"))));
        int completed = 0;
        await Parallel.ForEachAsync(started, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (status, _) =>
        {
            if ((await stage.PollAsync(status)).GetProperty("outcome").GetString() == "launched")
            {
                Interlocked.Increment(ref completed);
            }
        });
        Done($"{load} ventures at once");
        Report.Line("load_ventures_completed", completed);
        Report.Line("load_ventures_per_min", completed / loadClock.Elapsed.TotalMinutes);
        Report.Line("load_peak_rss_mb", Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0);
    }

    private static JsonObject Standard(string suffix) => StandardVenture.Create($"std-{suffix}");

    private static JsonObject Varied(int seed) => Gtm.Testing.Scorecard.RealisticMistakes.Body(SyntheticVentures.Create(seed));
}
