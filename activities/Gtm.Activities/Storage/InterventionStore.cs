using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace Gtm.Activities.Storage;

/// <summary>
/// Something the monitoring did to a venture: a recursion (with its trigger), a budget change, a
/// rollout step, promotion or rollback, a rollback, an escalation; with why and the outcome.
/// </summary>
public sealed record Intervention(string VentureId, DateTimeOffset At, string Kind, string? Trigger, string Reason, string? Outcome, string Key);

/// <summary>The <c>Interventions</c> table: the recursion and rollback history, idempotent by key.</summary>
public sealed class InterventionStore(GtmStorage storage)
{
    public async Task RecordAsync(Intervention entry, CancellationToken cancellation)
    {
        var row = new TableEntity(entry.VentureId, $"{entry.At.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}-{Slug(entry.Key)}")
        {
            ["At"] = entry.At, ["Kind"] = entry.Kind, ["Trigger"] = entry.Trigger, ["Reason"] = entry.Reason, ["Outcome"] = entry.Outcome, ["Key"] = entry.Key,
        };
        try
        {
            await storage.Interventions.AddEntityAsync(row, cancellation).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Recorded by an earlier attempt.
        }
    }

    public async Task<IReadOnlyList<Intervention>> ListAsync(string ventureId, CancellationToken cancellation)
    {
        var all = new List<Intervention>();
        await foreach (TableEntity row in storage.Interventions.QueryAsync<TableEntity>(r => r.PartitionKey == ventureId, cancellationToken: cancellation).ConfigureAwait(false))
        {
            all.Add(new Intervention(ventureId, row.GetDateTimeOffset("At")!.Value, row.GetString("Kind")!, row.GetString("Trigger"), row.GetString("Reason")!, row.GetString("Outcome"), row.GetString("Key")!));
        }

        return all;
    }

    /// <summary>Recursions of each trigger since <paramref name="since"/>; the filter runs in the table, not over the whole history.</summary>
    public async Task<IReadOnlyDictionary<string, int>> RecursionsSinceAsync(string ventureId, DateTimeOffset since, CancellationToken cancellation)
    {
        var counts = new Dictionary<string, int>();
        await foreach (TableEntity row in storage.Interventions.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {ventureId} and Kind eq {"recursion"} and At ge {since}"), cancellationToken: cancellation).ConfigureAwait(false))
        {
            if (row.GetString("Trigger") is { } trigger)
            {
                counts[trigger] = counts.GetValueOrDefault(trigger) + 1;
            }
        }

        return counts;
    }

    /// <summary>The venture's rollbacks since <paramref name="since"/>; the filter runs in the table.</summary>
    public async Task<int> RollbacksSinceAsync(string ventureId, DateTimeOffset since, CancellationToken cancellation)
    {
        int count = 0;
        await foreach (TableEntity _ in storage.Interventions.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {ventureId} and Kind eq {"rollback"} and At ge {since}"), select: ["RowKey"], cancellationToken: cancellation).ConfigureAwait(false))
        {
            count++;
        }

        return count;
    }

    private static string Slug(string key) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..16];
}
