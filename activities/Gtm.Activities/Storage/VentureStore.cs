using Azure;
using Azure.Data.Tables;

namespace Gtm.Activities.Storage;

/// <summary>A venture's state as operators see it: where it is, its live version, what runs on the channels.</summary>
public sealed record VentureRecord(string VentureId, string State, string? Detail, int? ConfigVersion, string? CampaignsJson, string? WorkflowsJson, DateTimeOffset UpdatedAt)
{
    public string? Name { get; init; }

    public string? SegmentType { get; init; }

    /// <summary>The latest monitoring verdict, as "action: reason".</summary>
    public string? LastDecision { get; init; }

    /// <summary>How many metrics were below their alert level at the latest evaluation.</summary>
    public int? Alerts { get; init; }
}

/// <summary>What the venture list shows of one venture.</summary>
public sealed record VentureSummary(string VentureId, string? Name, string? SegmentType, string State, string? Detail, int? ConfigVersion, string? LastDecision, int? Alerts, DateTimeOffset UpdatedAt);

/// <summary>A filter over the venture list: exact state and segment type, and text found in the id or name (any case).</summary>
public sealed record VentureQuery(string? State = null, string? SegmentType = null, string? Text = null);

/// <summary>One page of the venture list; <see cref="After"/> continues it (the last venture id on this page), null at the end.</summary>
public sealed record VenturePage(IReadOnlyList<VentureSummary> Ventures, string? After);

/// <summary>The Ventures table: one row per venture, merged as the stage moves on.</summary>
public sealed class VentureStore(GtmStorage storage)
{
    public const string Partition = "venture";

    /// <summary>
    /// Where the venture is; the other columns given change too (its name and segment type when its
    /// stage starts, its version and what runs on the channels at launch), and a merge leaves the rest as they were.
    /// </summary>
    public async Task SetAsync(
        string ventureId, string state, string? detail, DateTimeOffset now, CancellationToken cancellation,
        int? configVersion = null, string? campaignsJson = null, string? workflowsJson = null, string? name = null, string? segmentType = null)
    {
        var row = new TableEntity(Partition, ventureId) { ["State"] = state, ["Detail"] = detail, ["UpdatedAt"] = now };
        foreach ((string column, object? value) in new (string, object?)[] { ("ConfigVersion", configVersion), ("Campaigns", campaignsJson), ("Workflows", workflowsJson), ("Name", name), ("SegmentType", segmentType) })
        {
            if (value is not null)
            {
                row[column] = value;
            }
        }

        await storage.Ventures.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellation).ConfigureAwait(false);
    }

    /// <summary>
    /// Sets the venture's state unless it is in one of <paramref name="keep"/>: a step that arrives
    /// late (Stage 18's consumer after a rollback began) must not overwrite what happened since.
    /// The row's ETag makes the check and the write one step. False when the state was kept.
    /// </summary>
    public async Task<bool> SetUnlessAsync(string ventureId, string state, string detail, IReadOnlySet<string> keep, DateTimeOffset now, CancellationToken cancellation)
    {
        var row = new TableEntity(Partition, ventureId) { ["State"] = state, ["Detail"] = detail, ["UpdatedAt"] = now };
        while (true)
        {
            NullableResponse<TableEntity> found = await storage.Ventures.GetEntityIfExistsAsync<TableEntity>(Partition, ventureId, cancellationToken: cancellation).ConfigureAwait(false);
            if (found.HasValue && keep.Contains(found.Value!.GetString("State") ?? ""))
            {
                return false;
            }

            try
            {
                await (found.HasValue
                    ? storage.Ventures.UpdateEntityAsync(row, found.Value!.ETag, TableUpdateMode.Merge, cancellation)
                    : storage.Ventures.AddEntityAsync(row, cancellation)).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Written by someone else between the read and the write: read it again.
            }
        }
    }

    /// <summary>The latest evaluation's verdict and alert count.</summary>
    public async Task SetMonitoringAsync(string ventureId, string lastDecision, int alerts, CancellationToken cancellation) =>
        await storage.Ventures.UpsertEntityAsync(new TableEntity(Partition, ventureId) { ["LastDecision"] = lastDecision, ["Alerts"] = alerts }, TableUpdateMode.Merge, cancellation).ConfigureAwait(false);

    /// <summary>
    /// A page of ventures in id order. State and segment type filter on the server; text is matched
    /// here while reading on, so a page is full unless the list has ended.
    /// </summary>
    public async Task<VenturePage> ListAsync(VentureQuery query, string? after, int pageSize, CancellationToken cancellation)
    {
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey gt {after ?? ""}");
        if (query.State is { } state)
        {
            filter += " and " + TableClient.CreateQueryFilter($"State eq {state}");
        }

        if (query.SegmentType is { } segmentType)
        {
            filter += " and " + TableClient.CreateQueryFilter($"SegmentType eq {segmentType}");
        }

        string[] columns = ["RowKey", "Name", "SegmentType", "State", "Detail", "ConfigVersion", "LastDecision", "Alerts", "UpdatedAt"];
        var found = new List<VentureSummary>(pageSize);
        await foreach (TableEntity row in storage.Ventures.QueryAsync<TableEntity>(filter, maxPerPage: query.Text is null ? pageSize + 1 : 1000, select: columns, cancellationToken: cancellation).ConfigureAwait(false))
        {
            VentureSummary venture = Summary(row);
            if (query.Text is { } text && !venture.VentureId.Contains(text, StringComparison.OrdinalIgnoreCase) && venture.Name?.Contains(text, StringComparison.OrdinalIgnoreCase) != true)
            {
                continue;
            }

            if (found.Count == pageSize)
            {
                return new VenturePage(found, found[^1].VentureId);
            }

            found.Add(venture);
        }

        return new VenturePage(found, null);
    }

    private static VentureSummary Summary(TableEntity row) => new(
        row.RowKey, row.GetString("Name"), row.GetString("SegmentType"), row.GetString("State") ?? "starting", row.GetString("Detail"), row.GetInt32("ConfigVersion"),
        row.GetString("LastDecision"), row.GetInt32("Alerts"), row.GetDateTimeOffset("UpdatedAt") ?? row.Timestamp ?? DateTimeOffset.MinValue);

    public async Task<VentureRecord?> GetAsync(string ventureId, CancellationToken cancellation)
    {
        NullableResponse<TableEntity> found = await storage.Ventures.GetEntityIfExistsAsync<TableEntity>(Partition, ventureId, cancellationToken: cancellation).ConfigureAwait(false);
        if (!found.HasValue)
        {
            return null;
        }

        TableEntity row = found.Value!;
        return new VentureRecord(ventureId, row.GetString("State") ?? "starting", row.GetString("Detail"), row.GetInt32("ConfigVersion"), row.GetString("Campaigns"), row.GetString("Workflows"), row.GetDateTimeOffset("UpdatedAt") ?? row.Timestamp!.Value)
        {
            Name = row.GetString("Name"), SegmentType = row.GetString("SegmentType"), LastDecision = row.GetString("LastDecision"), Alerts = row.GetInt32("Alerts"),
        };
    }
}
