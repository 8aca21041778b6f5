using Azure;
using Azure.Data.Tables;

namespace Gtm.Activities.Storage;

/// <summary>A venture's state as operators see it: where it is, its live version, what runs on the channels.</summary>
public sealed record VentureRecord(string VentureId, string State, string? Detail, int? ConfigVersion, string? CampaignsJson, string? WorkflowsJson, DateTimeOffset UpdatedAt);

/// <summary>The Ventures table: one row per venture, merged as the stage moves on.</summary>
public sealed class VentureStore(GtmStorage storage)
{
    public const string Partition = "venture";

    public async Task SetAsync(string ventureId, string state, string? detail, DateTimeOffset now, CancellationToken cancellation, int? configVersion = null, string? campaignsJson = null, string? workflowsJson = null)
    {
        var row = new TableEntity(Partition, ventureId) { ["State"] = state, ["Detail"] = detail, ["UpdatedAt"] = now };
        if (configVersion is not null)
        {
            row["ConfigVersion"] = configVersion;
        }

        if (campaignsJson is not null)
        {
            row["Campaigns"] = campaignsJson;
        }

        if (workflowsJson is not null)
        {
            row["Workflows"] = workflowsJson;
        }

        await storage.Ventures.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellation).ConfigureAwait(false);
    }

    public async Task<VentureRecord?> GetAsync(string ventureId, CancellationToken cancellation)
    {
        NullableResponse<TableEntity> found = await storage.Ventures.GetEntityIfExistsAsync<TableEntity>(Partition, ventureId, cancellationToken: cancellation).ConfigureAwait(false);
        if (!found.HasValue)
        {
            return null;
        }

        TableEntity row = found.Value!;
        return new VentureRecord(ventureId, row.GetString("State")!, row.GetString("Detail"), row.GetInt32("ConfigVersion"), row.GetString("Campaigns"), row.GetString("Workflows"), row.GetDateTimeOffset("UpdatedAt")!.Value);
    }
}
