using System.Collections.Concurrent;
using System.Diagnostics;
using DurableTask.Core;
using Gtm.LocalRunner.Durable;

namespace Gtm.Bench.Scorecard;

/// <summary>One execution episode of an orchestration: when it began by the wall clock and by the market's.</summary>
internal sealed record Episode(long WallTicks, DateTimeOffset Market);

/// <summary>
/// Stamps the episodes of the orchestrations the scorecard times (Stage 17 and the rollback saga)
/// with the wall clock and the market clock. Market days skip on the virtual-clock hub, so how
/// long the product itself takes is measured on the wall clock, between its episodes.
/// </summary>
internal sealed class EpisodeClock(TimeProvider market)
{
    private static readonly HashSet<string> Timed = new(StringComparer.Ordinal) { nameof(Gtm.Orchestrations.Stage17), nameof(Gtm.Orchestrations.RollbackSaga) };
    private readonly ConcurrentDictionary<string, List<Episode>> episodes = new(StringComparer.Ordinal);

    public OrchestrationMiddleware Middleware => (context, next) =>
    {
        if (context.GetProperty<OrchestrationRuntimeState>() is { OrchestrationInstance: { } instance } state && Timed.Contains(state.Name ?? ""))
        {
            List<Episode> list = episodes.GetOrAdd(instance.InstanceId, _ => []);
            lock (list)
            {
                list.Add(new Episode(Stopwatch.GetTimestamp(), market.GetUtcNow()));
            }
        }

        return next();
    };

    /// <summary>The instance's episodes, oldest first; empty when it never ran.</summary>
    public IReadOnlyList<Episode> Of(string instanceId)
    {
        if (!episodes.TryGetValue(instanceId, out List<Episode>? list))
        {
            return [];
        }

        lock (list)
        {
            return [.. list];
        }
    }

    /// <summary>The instances whose id ends with <paramref name="suffix"/> and starts with <paramref name="prefix"/>.</summary>
    public IEnumerable<string> Instances(string prefix, string suffix) => episodes.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && k.EndsWith(suffix, StringComparison.Ordinal));

    public static double Seconds(Episode from, Episode to) => Stopwatch.GetElapsedTime(from.WallTicks, to.WallTicks).TotalSeconds;
}
