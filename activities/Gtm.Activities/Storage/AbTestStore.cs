using System.Text.Json;
using Azure.Data.Tables;
using Gtm.Activities.Experiments;
using Gtm.Domain.Experiments;
using Gtm.Domain.Ventures;

namespace Gtm.Activities.Storage;

/// <summary>A copy pattern that won A/B tests of an element: how often, and when last.</summary>
public sealed record WinningPattern(string Element, string Pattern, int Wins, DateTimeOffset LastWon);

/// <summary>The <c>AbTests</c> table: one row per test, per venture, with the columns the content generator's ranking filters on.</summary>
public sealed class AbTestStore(GtmStorage storage)
{
    public async Task SaveAsync(AbTestRecord record, CancellationToken cancellation) =>
        await storage.AbTests.UpsertEntityAsync(new TableEntity(record.VentureId, record.TestId)
        {
            ["Record"] = JsonSerializer.Serialize(record, ContractJson.Options),
            ["SegmentType"] = record.SegmentType,
            ["Channel"] = record.Channel,
            ["Element"] = record.Element,
            ["Status"] = record.Status,
            ["WinnerPattern"] = record.WinnerPattern,
        }, TableUpdateMode.Replace, cancellation).ConfigureAwait(false);

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
    /// first, then most recent. Two equality conditions on the table; the rest in code.
    /// </summary>
    public async Task<IReadOnlyList<WinningPattern>> WinnersAsync(string segmentType, string channel, CancellationToken cancellation)
    {
        var wins = new List<(string Element, string Pattern, DateTimeOffset At)>();
        await foreach (TableEntity row in storage.AbTests.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"SegmentType eq {segmentType} and Channel eq {channel}"), cancellationToken: cancellation).ConfigureAwait(false))
        {
            if (row.GetString("Status") == AbTestRecord.StatusOf(AbTestOutcome.Winner) && row.GetString("WinnerPattern") is { } pattern)
            {
                wins.Add((row.GetString("Element")!, pattern, row.Timestamp ?? DateTimeOffset.MinValue));
            }
        }

        return [.. wins.GroupBy(w => (w.Element, w.Pattern))
            .Select(g => new WinningPattern(g.Key.Element, g.Key.Pattern, g.Count(), g.Max(w => w.At)))
            .OrderByDescending(w => w.Wins).ThenByDescending(w => w.LastWon)];
    }
}
