using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Gtm.Domain.Monitoring;

namespace Gtm.Activities.Storage;

/// <summary>
/// The <c>MetricThresholds</c> table: the SPEC defaults per segment type (partition "defaults"),
/// and each monitored venture's own rows (partition = venture id), written from the defaults and
/// its plan at enrolment and changed only by the LEAD operator.
/// </summary>
public sealed class ThresholdStore(GtmStorage storage)
{
    public const string DefaultsPartition = "defaults";
    private static readonly string[] SegmentTypes = ["b2b_enterprise", "b2b_smb", "b2c_premium", "b2c_mass"];

    public static async Task SeedDefaultsAsync(TableClient table, CancellationToken cancellation)
    {
        foreach (string type in SegmentTypes)
        {
            foreach (MetricThreshold threshold in MetricThresholdDefaults.For(type))
            {
                await table.UpsertEntityAsync(ToRow(DefaultsPartition, $"{type}.{threshold.Metric.Name()}", threshold), TableUpdateMode.Replace, cancellation).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Writes the venture's rows unless it has them (a re-enrolment keeps the operator's changes).</summary>
    public async Task EnsureVentureAsync(string ventureId, IReadOnlyList<MetricThreshold> thresholds, CancellationToken cancellation)
    {
        foreach (MetricThreshold threshold in thresholds)
        {
            try
            {
                await storage.Thresholds.AddEntityAsync(ToRow(ventureId, threshold.Metric.Name(), threshold), cancellation).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Already there.
            }
        }
    }

    public async Task<IReadOnlyList<MetricThreshold>> ForVentureAsync(string ventureId, CancellationToken cancellation)
    {
        var rows = new List<MetricThreshold>();
        await foreach (TableEntity row in storage.Thresholds.QueryAsync<TableEntity>(r => r.PartitionKey == ventureId, cancellationToken: cancellation).ConfigureAwait(false))
        {
            rows.Add(FromRow(row));
        }

        return [.. rows.OrderBy(r => r.Metric)];
    }

    public async Task<IReadOnlyList<(string SegmentType, MetricThreshold Threshold)>> DefaultsAsync(CancellationToken cancellation)
    {
        var rows = new List<(string, MetricThreshold)>();
        await foreach (TableEntity row in storage.Thresholds.QueryAsync<TableEntity>(r => r.PartitionKey == DefaultsPartition, cancellationToken: cancellation).ConfigureAwait(false))
        {
            rows.Add((row.RowKey.Split('.')[0], FromRow(row)));
        }

        return rows;
    }

    /// <summary>Replaces one of the venture's rows, conditional on the row read before (no lost update); returns the old one.</summary>
    public async Task<MetricThreshold?> ReplaceAsync(string ventureId, MetricThreshold threshold, CancellationToken cancellation)
    {
        NullableResponse<TableEntity> found = await storage.Thresholds.GetEntityIfExistsAsync<TableEntity>(ventureId, threshold.Metric.Name(), cancellationToken: cancellation).ConfigureAwait(false);
        if (!found.HasValue)
        {
            return null;
        }

        await storage.Thresholds.UpdateEntityAsync(ToRow(ventureId, threshold.Metric.Name(), threshold), found.Value!.ETag, TableUpdateMode.Replace, cancellation).ConfigureAwait(false);
        return FromRow(found.Value);
    }

    private static TableEntity ToRow(string partition, string row, MetricThreshold t) => new(partition, row)
    {
        ["Metric"] = t.Metric.Name(),
        ["Target"] = t.Target,
        ["Threshold"] = t.Threshold,
        ["Alert"] = t.Alert,
        ["HardFloor"] = t.HardFloor,
        ["Frequency"] = t.Frequency.ToString(),
        ["MinSample"] = t.MinSample,
        ["MinHoursSinceLaunch"] = t.MinHoursSinceLaunch,
        ["MinSpend"] = t.MinSpend.ToString(CultureInfo.InvariantCulture),
    };

    private static MetricThreshold FromRow(TableEntity row)
    {
        if (!Metrics.TryParse(row.GetString("Metric")!, out Metric metric))
        {
            throw new InvalidOperationException($"Threshold row {row.PartitionKey}/{row.RowKey} names an unknown metric '{row.GetString("Metric")}'.");
        }

        return new MetricThreshold(
            metric,
            row.GetDouble("Target") ?? 0,
            row.GetDouble("Threshold") ?? 0,
            row.GetDouble("Alert") ?? 0,
            row.GetDouble("HardFloor") ?? 0,
            Enum.Parse<MeasurementFrequency>(row.GetString("Frequency")!),
            row.GetDouble("MinSample") ?? 0,
            row.GetDouble("MinHoursSinceLaunch") ?? 0,
            decimal.Parse(row.GetString("MinSpend") ?? "0", CultureInfo.InvariantCulture));
    }
}
