using Azure;
using Azure.Data.Tables;

namespace Gtm.Activities.Storage;

/// <summary>
/// A monitored venture: its inputs (for re-running parts of the stage), its campaigns, when it was
/// launched and is next due (wall time), its live configuration version and content generation,
/// the rollout under way if any, and whether monitoring is paused (after an escalation).
/// </summary>
public sealed record MonitoredVenture(
    string VentureId,
    string InputsJson,
    string CampaignsJson,
    string Currency,
    DateTimeOffset LaunchedAt,
    DateTimeOffset NextDueAt,
    TimeSpan Cadence,
    int ConfigVersion,
    int ContentGeneration,
    string? Rollout,
    bool Paused)
{
    /// <summary>
    /// Next due one cadence after <paramref name="slot"/>, skipping slots already past (a host that
    /// was down does not replay a backlog); unchanged if the schedule has moved past the slot already.
    /// </summary>
    public MonitoredVenture DueAfter(DateTimeOffset slot, DateTimeOffset now)
    {
        if (NextDueAt > slot)
        {
            return this;
        }

        DateTimeOffset next = slot + Cadence;
        while (next <= now)
        {
            next += Cadence;
        }

        return this with { NextDueAt = next };
    }
}

/// <summary>The <c>Monitoring</c> table: one row per monitored venture, in one partition the schedule scans.</summary>
public sealed class MonitoringStore(GtmStorage storage)
{
    public const string Partition = "monitored";

    /// <summary>Enrols the venture unless it is already (a retried launch keeps the row it made).</summary>
    public async Task EnrolAsync(MonitoredVenture venture, CancellationToken cancellation)
    {
        try
        {
            await storage.Monitoring.AddEntityAsync(ToRow(venture), cancellation).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Enrolled before.
        }
    }

    public async Task<MonitoredVenture?> GetAsync(string ventureId, CancellationToken cancellation)
    {
        NullableResponse<TableEntity> found = await storage.Monitoring.GetEntityIfExistsAsync<TableEntity>(Partition, ventureId, cancellationToken: cancellation).ConfigureAwait(false);
        return found.HasValue ? FromRow(found.Value!) : null;
    }

    /// <summary>Ventures due at <paramref name="now"/> and not paused, oldest due first.</summary>
    public async Task<IReadOnlyList<MonitoredVenture>> DueAsync(DateTimeOffset now, CancellationToken cancellation)
    {
        var due = new List<MonitoredVenture>();
        await foreach (TableEntity row in storage.Monitoring.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and NextDueAt le {now}"), cancellationToken: cancellation).ConfigureAwait(false))
        {
            MonitoredVenture venture = FromRow(row);
            if (!venture.Paused)
            {
                due.Add(venture);
            }
        }

        return [.. due.OrderBy(v => v.NextDueAt)];
    }

    /// <summary>Changes the row, conditional on its ETag and retried on a concurrent change; null if there is no row.</summary>
    public async Task<MonitoredVenture?> UpdateAsync(string ventureId, Func<MonitoredVenture, MonitoredVenture> change, CancellationToken cancellation)
    {
        for (int attempt = 0; ; attempt++)
        {
            NullableResponse<TableEntity> found = await storage.Monitoring.GetEntityIfExistsAsync<TableEntity>(Partition, ventureId, cancellationToken: cancellation).ConfigureAwait(false);
            if (!found.HasValue)
            {
                return null;
            }

            MonitoredVenture changed = change(FromRow(found.Value!));
            try
            {
                await storage.Monitoring.UpdateEntityAsync(ToRow(changed), found.Value!.ETag, TableUpdateMode.Replace, cancellation).ConfigureAwait(false);
                return changed;
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < 20)
            {
                // Changed meanwhile: apply to the new state.
            }
        }
    }

    public async Task<IReadOnlyList<MonitoredVenture>> ListAsync(CancellationToken cancellation)
    {
        var all = new List<MonitoredVenture>();
        await foreach (TableEntity row in storage.Monitoring.QueryAsync<TableEntity>(r => r.PartitionKey == Partition, cancellationToken: cancellation).ConfigureAwait(false))
        {
            all.Add(FromRow(row));
        }

        return all;
    }

    private static TableEntity ToRow(MonitoredVenture v) => new(Partition, v.VentureId)
    {
        ["Inputs"] = v.InputsJson,
        ["Campaigns"] = v.CampaignsJson,
        ["Currency"] = v.Currency,
        ["LaunchedAt"] = v.LaunchedAt,
        ["NextDueAt"] = v.NextDueAt,
        ["CadenceSeconds"] = v.Cadence.TotalSeconds,
        ["ConfigVersion"] = v.ConfigVersion,
        ["ContentGeneration"] = v.ContentGeneration,
        ["Rollout"] = v.Rollout,
        ["Paused"] = v.Paused,
    };

    private static MonitoredVenture FromRow(TableEntity row) => new(
        row.RowKey,
        row.GetString("Inputs")!,
        row.GetString("Campaigns")!,
        row.GetString("Currency")!,
        row.GetDateTimeOffset("LaunchedAt")!.Value,
        row.GetDateTimeOffset("NextDueAt")!.Value,
        TimeSpan.FromSeconds(row.GetDouble("CadenceSeconds") ?? 86_400),
        row.GetInt32("ConfigVersion") ?? 1,
        row.GetInt32("ContentGeneration") ?? 1,
        row.GetString("Rollout"),
        row.GetBoolean("Paused") ?? false);
}
