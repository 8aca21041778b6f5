using System.Globalization;
using Gtm.Activities.Storage;
using Gtm.Domain.Monitoring;

namespace Gtm.Bench.OperatorConsole;

/// <summary>What the console benchmark draws: many ventures in the list, and months of one venture's snapshots.</summary>
internal static class HistorySeed
{
    private static readonly string[] States = ["live", "live", "live", "handed_off", "rolled_back", "escalated", "17.2"];
    private static readonly string[] SegmentTypes = ["b2b_enterprise", "b2b_smb", "b2c_mass", "b2c_premium"];

    /// <summary>Ventures v-{from} to v-{to - 1} in the Ventures table, written as the stage and the monitoring write them.</summary>
    public static async Task VenturesAsync(VentureStore ventures, int from, int to) =>
        await Parallel.ForEachAsync(Enumerable.Range(from, to - from), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, cancellation) =>
        {
            string id = string.Create(CultureInfo.InvariantCulture, $"v-{n:D5}");
            await ventures.SetAsync(id, States[n % States.Length], null, DateTimeOffset.UtcNow, cancellation,
                configVersion: 1 + (n % 3), name: $"Venture {n}", segmentType: SegmentTypes[n % SegmentTypes.Length]);
            await ventures.SetMonitoringAsync(id, n % 5 == 0 ? "alert: conversion_rate below alert" : "none: every metric ok", n % 5 == 0 ? 1 : 0, cancellation);
        });

    /// <summary>One evaluation an hour over <paramref name="span"/> up to now, with cumulative totals that grow at each channel's pace.</summary>
    public static async Task<int> HourlySnapshotsAsync(EvaluationStore evaluations, MonitoringStore monitoring, string venture, TimeSpan span)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        DateTimeOffset start = now - span;
        await monitoring.UpdateAsync(venture, v => v with { LaunchedAt = start }, CancellationToken.None);
        string[] channels = ["email", "linkedin", "google_ads", "meta"];
        var random = new Random(17);
        var totals = channels.Select(c => ChannelTotals.Zero(c)).ToArray();
        var records = new List<EvaluationRecord>();
        for (DateTimeOffset slot = start.AddHours(1); slot <= now; slot = slot.AddHours(1))
        {
            for (int c = 0; c < totals.Length; c++)
            {
                long impressions = 400 + random.Next(400) * (c + 1);
                long clicks = (long)(impressions * ChannelBenchmarks.ClickThroughRate(channels[c]) * (0.8 + random.NextDouble() * 0.5));
                long conversions = (long)(clicks * (0.02 + random.NextDouble() * 0.03));
                decimal spend = Math.Round(clicks * (0.5m + c * 0.4m), 2);
                totals[c] = totals[c].Plus(new ChannelTotals(channels[c], impressions, clicks, random.Next(3), conversions, spend, conversions * 120));
            }

            records.Add(new EvaluationRecord(venture, slot, 1, 1, [.. totals], [], [], new Verdict(DecisionAction.None, [], "every metric ok")));
        }

        await Parallel.ForEachAsync(records, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (record, cancellation) => await evaluations.AddAsync(record, cancellation));
        return records.Count;
    }
}
