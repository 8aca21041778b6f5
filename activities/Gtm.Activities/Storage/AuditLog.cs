using System.Globalization;
using Azure.Data.Tables;

namespace Gtm.Activities.Storage;

/// <summary>One LEAD operation: who, when, what, why, and for changes the old and new values.</summary>
/// <param name="VentureId">The venture it concerns, or <see cref="AuditLog.AppWide"/> for an operation on the app (a poison replay).</param>
public sealed record AuditEntry(string VentureId, string Who, string What, string Why, DateTimeOffset When, string? Old = null, string? New = null, string? Instance = null);

/// <summary>
/// The <c>AuditLog</c> table: every LEAD operation, per venture in time order, and the same entry
/// again in a feed of the whole app, newest first, so the console lists the latest operations
/// without reading every venture.
/// </summary>
public sealed class AuditLog(GtmStorage storage)
{
    /// <summary>The partition of operations that concern no single venture (venture ids cannot start with '~').</summary>
    public const string AppWide = "~app";

    private const string Feed = "~feed";

    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellation)
    {
        string id = Guid.NewGuid().ToString("N");
        await storage.Audit.AddEntityAsync(Row(entry, entry.VentureId, $"{entry.When:yyyyMMddHHmmssfffffff}-{id}"), cancellation).ConfigureAwait(false);
        string newestFirst = (DateTimeOffset.MaxValue.UtcTicks - entry.When.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
        await storage.Audit.AddEntityAsync(Row(entry, Feed, $"{newestFirst}-{id}"), cancellation).ConfigureAwait(false);
    }

    /// <summary>A venture's operations, oldest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string ventureId, CancellationToken cancellation)
    {
        var entries = new List<AuditEntry>();
        await foreach (TableEntity row in storage.Audit.QueryAsync<TableEntity>(r => r.PartitionKey == ventureId, cancellationToken: cancellation).ConfigureAwait(false))
        {
            entries.Add(Entry(row));
        }

        return entries;
    }

    /// <summary>The app's latest operations, newest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> LatestAsync(int take, CancellationToken cancellation)
    {
        var entries = new List<AuditEntry>(take);
        await foreach (TableEntity row in storage.Audit.QueryAsync<TableEntity>(r => r.PartitionKey == Feed, maxPerPage: take, cancellationToken: cancellation).ConfigureAwait(false))
        {
            entries.Add(Entry(row));
            if (entries.Count == take)
            {
                break;
            }
        }

        return entries;
    }

    private static TableEntity Row(AuditEntry entry, string partition, string key) => new(partition, key)
    {
        ["Venture"] = entry.VentureId, ["Who"] = entry.Who, ["What"] = entry.What, ["Why"] = entry.Why, ["When"] = entry.When, ["Old"] = entry.Old, ["New"] = entry.New, ["Instance"] = entry.Instance,
    };

    private static AuditEntry Entry(TableEntity row) => new(
        row.GetString("Venture") ?? row.PartitionKey, row.GetString("Who")!, row.GetString("What")!, row.GetString("Why")!, row.GetDateTimeOffset("When")!.Value, row.GetString("Old"), row.GetString("New"), row.GetString("Instance"));
}
