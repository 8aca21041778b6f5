using Azure.Data.Tables;

namespace Gtm.Activities.Storage;

/// <summary>One LEAD operation: who, when, what, why, and for changes the old and new values.</summary>
public sealed record AuditEntry(string VentureId, string Who, string What, string Why, DateTimeOffset When, string? Old = null, string? New = null, string? Instance = null);

/// <summary>The <c>AuditLog</c> table: every LEAD operation, per venture, in time order.</summary>
public sealed class AuditLog(GtmStorage storage)
{
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellation) =>
        await storage.Audit.AddEntityAsync(new TableEntity(entry.VentureId, $"{entry.When:yyyyMMddHHmmssfffffff}-{Guid.NewGuid():N}")
        {
            ["Who"] = entry.Who, ["What"] = entry.What, ["Why"] = entry.Why, ["When"] = entry.When, ["Old"] = entry.Old, ["New"] = entry.New, ["Instance"] = entry.Instance,
        }, cancellation).ConfigureAwait(false);

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string ventureId, CancellationToken cancellation)
    {
        var entries = new List<AuditEntry>();
        await foreach (TableEntity row in storage.Audit.QueryAsync<TableEntity>(r => r.PartitionKey == ventureId, cancellationToken: cancellation).ConfigureAwait(false))
        {
            entries.Add(new AuditEntry(ventureId, row.GetString("Who")!, row.GetString("What")!, row.GetString("Why")!, row.GetDateTimeOffset("When")!.Value, row.GetString("Old"), row.GetString("New"), row.GetString("Instance")));
        }

        return entries;
    }
}
