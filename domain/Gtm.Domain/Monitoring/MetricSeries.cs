namespace Gtm.Domain.Monitoring;

/// <summary>The channels' cumulative totals read at one evaluation.</summary>
public sealed record TotalsSnapshot(DateTimeOffset At, IReadOnlyList<ChannelTotals> Totals);

/// <summary>One channel's values of a metric, oldest first; a null value was not measurable (nothing to divide by).</summary>
public sealed record ChannelSeries(string Channel, IReadOnlyList<DateTimeOffset> At, IReadOnlyList<double?> Values);

/// <summary>
/// A metric over time for each channel, each point measured as the monitoring judges it: over the
/// metric's window ending at that evaluation, from the newest evaluation at or before the window's
/// start (or from launch, with nothing yet, when there is none).
/// </summary>
public static class MetricSeries
{
    /// <param name="oldestFirst">The evaluations' snapshots in time order.</param>
    /// <param name="window">The metric's window in wall-clock time.</param>
    public static IReadOnlyList<ChannelSeries> PerChannel(IReadOnlyList<TotalsSnapshot> oldestFirst, Metric metric, TimeSpan window, MarketClock clock, DateTimeOffset launchedAt)
    {
        string[] channels = [.. oldestFirst.SelectMany(s => s.Totals).Select(t => t.Channel).Distinct().Order(StringComparer.Ordinal)];
        var values = channels.ToDictionary(c => c, _ => new List<double?>(oldestFirst.Count));
        int start = -1;
        foreach (TotalsSnapshot snapshot in oldestFirst)
        {
            // The window's start only moves forward as the snapshots do.
            while (start + 1 < oldestFirst.Count && oldestFirst[start + 1].At <= snapshot.At - window)
            {
                start++;
            }

            TotalsSnapshot? from = start >= 0 ? oldestFirst[start] : null;
            TimeSpan length = clock.ToMarket(snapshot.At - (from?.At ?? launchedAt));
            foreach (string channel in channels)
            {
                ChannelTotals now = snapshot.Totals.FirstOrDefault(t => t.Channel == channel) ?? ChannelTotals.Zero(channel);
                ChannelTotals before = from?.Totals.FirstOrDefault(t => t.Channel == channel) ?? ChannelTotals.Zero(channel);
                values[channel].Add(new MetricWindow([now.Minus(before)], length).Measure(metric).Value);
            }
        }

        DateTimeOffset[] at = [.. oldestFirst.Select(s => s.At)];
        return [.. channels.Select(c => new ChannelSeries(c, at, values[c]))];
    }
}
