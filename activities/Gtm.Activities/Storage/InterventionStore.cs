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

    /// <summary>
    /// Recursions of each trigger since <paramref name="recursionsSince"/> and rollbacks since
    /// <paramref name="rollbacksSince"/>, in one query of the venture's partition (the filter runs in
    /// the table, not over the whole history) from the earlier of the two.
    /// </summary>
    public async Task<(IReadOnlyDictionary<string, int> Recursions, int Rollbacks)> RecentAsync(string ventureId, DateTimeOffset recursionsSince, DateTimeOffset rollbacksSince, CancellationToken cancellation)
    {
        var recursions = new Dictionary<string, int>();
        int rollbacks = 0;
        DateTimeOffset since = recursionsSince < rollbacksSince ? recursionsSince : rollbacksSince;
        await foreach (TableEntity row in storage.Interventions.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {ventureId} and (Kind eq {"recursion"} or Kind eq {"rollback"}) and At ge {since}"), select: ["Kind", "Trigger", "At"], cancellationToken: cancellation).ConfigureAwait(false))
        {
            DateTimeOffset at = row.GetDateTimeOffset("At")!.Value;
            if (row.GetString("Kind") == "rollback")
            {
                rollbacks += at >= rollbacksSince ? 1 : 0;
            }
            else if (row.GetString("Trigger") is { } trigger && at >= recursionsSince)
            {
                recursions[trigger] = recursions.GetValueOrDefault(trigger) + 1;
            }
        }

        return (recursions, rollbacks);
    }

    private static string Slug(string key) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..16];
}
