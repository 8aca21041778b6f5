using System.Text.Json;
using Azure.Data.Tables;
using Gtm.Activities.Experiments;
using Gtm.Domain.Experiments;
using Gtm.Domain.Ventures;

namespace Gtm.Activities.Storage;

/// <summary>A copy pattern that won A/B tests of an element: how often, and when last.</summary>
public sealed record WinningPattern(string Element, string Pattern, int Wins, DateTimeOffset LastWon);

/// <summary>The <c>AbTests</c> table: one row per test, per venture; its winners are indexed for the content generator's ranking (<see cref="LearningIndex"/>).</summary>
public sealed class AbTestStore(GtmStorage storage)
{
    /// <summary>Saves the record; a winner also goes into the learning index (after the record, and again on a retry: it is keyed by the test).</summary>
    public async Task SaveAsync(AbTestRecord record, CancellationToken cancellation)
    {
        await storage.AbTests.UpsertEntityAsync(Row(record), TableUpdateMode.Replace, cancellation).ConfigureAwait(false);
        if (record.Status == AbTestRecord.StatusOf(AbTestOutcome.Winner) && record.WinnerPattern is { } pattern)
        {
            var win = new TableEntity(LearningIndex.Partition(record.SegmentType, record.Channel), LearningIndex.Row(LearningIndex.Winner, record.VentureId, record.TestId))
            {
                ["Element"] = record.Element,
                ["WinnerPattern"] = pattern,
                ["WonAt"] = record.UpdatedAt,
            };
            await storage.Learning.UpsertEntityAsync(win, TableUpdateMode.Replace, cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>Adds the test's first record; false when a test of that id is recorded already (another request claimed it).</summary>
    public Task<bool> AddAsync(AbTestRecord record, CancellationToken cancellation) => storage.AbTests.AddIfAbsentAsync(Row(record), cancellation);

    /// <summary>The record alone: every read is by venture, and the learning reads winners from the index.</summary>
    private static TableEntity Row(AbTestRecord record) => new(record.VentureId, record.TestId)
    {
        ["Record"] = JsonSerializer.Serialize(record, ContractJson.Options),
    };

    public async Task<IReadOnlyList<AbTestRecord>> ForVentureAsync(string ventureId, CancellationToken cancellation)
    {
        var records = new List<AbTestRecord>();
        await foreach (TableEntity row in storage.AbTests.QueryAsync<TableEntity>(r => r.PartitionKey == ventureId, cancellationToken: cancellation).ConfigureAwait(false))
        {
            records.Add(JsonSerializer.Deserialize<AbTestRecord>(row.GetString("Record")!, ContractJson.Options)!);
        }

        return [.. records.OrderBy(r => r.StartedAt)];
    }

    /// <summary>
    /// Patterns that won for the segment type and channel across ventures, per element most wins
    /// first, then most recent: one partition of the learning index.
    /// </summary>
    public async Task<IReadOnlyList<WinningPattern>> WinnersAsync(string segmentType, string channel, CancellationToken cancellation)
    {
        var wins = new List<(string Element, string Pattern, DateTimeOffset At)>();
        await foreach (TableEntity row in storage.Learning.QueryAsync<TableEntity>(LearningIndex.Filter(segmentType, channel, LearningIndex.Winner), cancellationToken: cancellation).ConfigureAwait(false))
        {
            wins.Add((row.GetString("Element")!, row.GetString("WinnerPattern")!, row.GetDateTimeOffset("WonAt") ?? DateTimeOffset.MinValue));
        }

        return [.. wins.GroupBy(w => (w.Element, w.Pattern))
            .Select(g => new WinningPattern(g.Key.Element, g.Key.Pattern, g.Count(), g.Max(w => w.At)))
            .OrderByDescending(w => w.Wins).ThenByDescending(w => w.LastWon)];
    }
}
