using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Gtm.Domain.Monitoring;
using Gtm.Domain.Ventures;

namespace Gtm.Activities.Storage;

/// <summary>
/// One evaluation of a venture: the channels' cumulative totals read at that slot (the metric
/// snapshot), each metric's reading and decision, and the verdict.
/// </summary>
public sealed record EvaluationRecord(
    string VentureId,
    DateTimeOffset Slot,
    int ConfigVersion,
    int ContentGeneration,
    IReadOnlyList<ChannelTotals> Totals,
    IReadOnlyList<MetricReading> Readings,
    IReadOnlyList<Decision> Decisions,
    Verdict Verdict);

/// <summary>
/// The <c>MetricSnapshots</c> table, newest first within a venture (row keys are inverted slot
/// ticks), one row per slot: a repeated evaluation of the same slot finds the row it wrote.
/// </summary>
public sealed class EvaluationStore(GtmStorage storage)
{
    /// <summary>Adds the evaluation, or returns the one already recorded for that slot.</summary>
    public async Task<EvaluationRecord> AddAsync(EvaluationRecord record, CancellationToken cancellation)
    {
        try
        {
            await storage.Evaluations.AddEntityAsync(new TableEntity(record.VentureId, Key(record.Slot))
            {
                ["Slot"] = record.Slot,
                ["Record"] = JsonSerializer.Serialize(record, ContractJson.Options),
                ["Totals"] = JsonSerializer.Serialize(record.Totals, ContractJson.Options),
            }, cancellation).ConfigureAwait(false);
            return record;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return (await GetAsync(record.VentureId, record.Slot, cancellation).ConfigureAwait(false))!;
        }
    }

    public async Task<EvaluationRecord?> GetAsync(string ventureId, DateTimeOffset slot, CancellationToken cancellation)
    {
        NullableResponse<TableEntity> found = await storage.Evaluations.GetEntityIfExistsAsync<TableEntity>(ventureId, Key(slot), cancellationToken: cancellation).ConfigureAwait(false);
        return found.HasValue ? Parse(found.Value!) : null;
    }

    /// <summary>Up to <paramref name="take"/> evaluations before <paramref name="slot"/> (exclusive), newest first.</summary>
    public Task<IReadOnlyList<EvaluationRecord>> BeforeAsync(string ventureId, DateTimeOffset slot, int take, CancellationToken cancellation) =>
        NewestAsync(TableClient.CreateQueryFilter($"PartitionKey eq {ventureId} and RowKey gt {Key(slot)}"), take, cancellation);

    public Task<IReadOnlyList<EvaluationRecord>> LatestAsync(string ventureId, int take, CancellationToken cancellation) =>
        NewestAsync(TableClient.CreateQueryFilter($"PartitionKey eq {ventureId}"), take, cancellation);

    /// <summary>
    /// The channels' totals of every evaluation after <paramref name="from"/>, oldest first: what a
    /// chart draws, read from the <c>Totals</c> column alone (a row written before that column
    /// existed is read whole).
    /// </summary>
    public async Task<IReadOnlyList<TotalsSnapshot>> TotalsSinceAsync(string ventureId, DateTimeOffset from, CancellationToken cancellation)
    {
        var found = new List<TotalsSnapshot>();
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {ventureId} and RowKey lt {Key(from)}");
        await foreach (TableEntity row in storage.Evaluations.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey", "Slot", "Totals"], cancellationToken: cancellation).ConfigureAwait(false))
        {
            DateTimeOffset slot = row.GetDateTimeOffset("Slot")!.Value;
            IReadOnlyList<ChannelTotals> totals = row.GetString("Totals") is { } json
                ? JsonSerializer.Deserialize<List<ChannelTotals>>(json, ContractJson.Options)!
                : (await GetAsync(ventureId, slot, cancellation).ConfigureAwait(false))!.Totals;
            found.Add(new TotalsSnapshot(slot, totals));
        }

        found.Reverse();
        return found;
    }

    private async Task<IReadOnlyList<EvaluationRecord>> NewestAsync(string filter, int take, CancellationToken cancellation)
    {
        var found = new List<EvaluationRecord>();
        await foreach (TableEntity row in storage.Evaluations.QueryAsync<TableEntity>(filter, maxPerPage: take, cancellationToken: cancellation).ConfigureAwait(false))
        {
            found.Add(Parse(row));
            if (found.Count == take)
            {
                break;
            }
        }

        return found;
    }

    /// <summary>The newest evaluation at or before <paramref name="time"/>, the start of a window.</summary>
    public async Task<EvaluationRecord?> AtOrBeforeAsync(string ventureId, DateTimeOffset time, CancellationToken cancellation)
    {
        IReadOnlyList<EvaluationRecord> found = await BeforeAsync(ventureId, time.AddTicks(1), 1, cancellation).ConfigureAwait(false);
        return found.Count > 0 ? found[0] : null;
    }

    private static EvaluationRecord Parse(TableEntity row) => JsonSerializer.Deserialize<EvaluationRecord>(row.GetString("Record")!, ContractJson.Options)!;

    private static string Key(DateTimeOffset slot) => (DateTimeOffset.MaxValue.UtcTicks - slot.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
}
