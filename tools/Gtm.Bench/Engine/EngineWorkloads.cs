using Microsoft.DurableTask.Client;

namespace Gtm.Bench.Engine;

/// <summary>
/// The engine benchmark's workloads, each returning how long the engine took by the task hub's own
/// times (creation to last update): waiting polls, and a poll's back-off is not the engine's.
/// </summary>
internal static class EngineWorkloads
{
    /// <summary>From an instance's creation to its completion, as the task hub recorded them.</summary>
    public static TimeSpan Duration(OrchestrationMetadata done) => done.LastUpdatedAt - done.CreatedAt;

    /// <summary>Sequences of <paramref name="chain"/> activities, one after the other: the sum of their durations.</summary>
    public static async Task<TimeSpan> ChainsAsync(BenchHost host, int chain, int chains, CancellationToken cancellation)
    {
        TimeSpan total = TimeSpan.Zero;
        for (int n = 0; n < chains; n++)
        {
            total += Duration(await host.RunAsync(nameof(BenchFunctions.Sequence), chain, cancellation));
        }

        return total;
    }

    /// <summary>Five-activity orchestrations started all at once; done when the last completes.</summary>
    public static async Task<TimeSpan> ManyOrchestrationsAsync(BenchHost host, int count, CancellationToken cancellation)
    {
        DateTimeOffset started = DateTimeOffset.UtcNow;
        string[] ids = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellation }, async (n, ct) =>
            ids[n] = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(BenchFunctions.FiveActivities), n, ct));
        var durations = new List<double>();
        DateTimeOffset last = DateTimeOffset.MinValue;
        foreach (string id in ids)
        {
            // Most are done by the time their turn comes.
            OrchestrationMetadata done = await host.WaitAsync(id, cancellation);
            durations.Add(Duration(done).TotalSeconds);
            last = done.LastUpdatedAt > last ? done.LastUpdatedAt : last;
        }

        Report.Note($"orchestrations: each took {Percentiles.Of(durations, 50):0.0} s (p50), {Percentiles.Of(durations, 95):0.0} s (p95), {durations.Max():0.0} s (max)");
        return last - started;
    }

    /// <summary>Events raised by a client, as fast as it can, into one waiting instance.</summary>
    public static async Task<TimeSpan> EventsAsync(BenchHost host, int count, CancellationToken cancellation)
    {
        DateTimeOffset started = DateTimeOffset.UtcNow;
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(BenchFunctions.EventCounter), count, cancellation);
        await host.Client.WaitForInstanceStartAsync(id, cancellation: cancellation);
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellation }, async (n, ct) =>
            await host.Client.RaiseEventAsync(id, "tick", n, ct));
        return (await host.WaitAsync(id, cancellation)).LastUpdatedAt - started;
    }
}
