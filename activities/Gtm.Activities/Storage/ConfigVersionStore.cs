using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace Gtm.Activities.Storage;

/// <summary>One configuration version: the gtm_config, the content generation it serves, who or what made it, why, and when.</summary>
public sealed record ConfigVersion(string VentureId, int Version, string ConfigJson, string CreatedBy, string Reason, DateTimeOffset CreatedAt, bool LastKnownGood, int ContentGeneration = 1);

/// <summary>
/// Append-only <c>GtmConfigVersions</c>: a version is never changed or deleted. Each append is one
/// transaction in the venture's partition: the version row, the head row (conditional on its ETag,
/// so two writers cannot take the same number) and a row for the idempotency key (so a retried
/// activity gets the version it made before). The last-known-good marker is a row of its own.
/// </summary>
public sealed class ConfigVersionStore(GtmStorage storage)
{
    private const string Head = "head";
    private const string LastKnownGoodRow = "lkg";

    public async Task<int> AppendAsync(string ventureId, string configJson, string createdBy, string reason, string idempotencyKey, DateTimeOffset now, CancellationToken cancellation, int contentGeneration = 1)
    {
        string keyRow = "k-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..24];
        for (int attempt = 0; ; attempt++)
        {
            TableEntity? existing = await FindAsync(ventureId, keyRow, cancellation).ConfigureAwait(false);
            if (existing is not null)
            {
                return existing.GetInt32("Version")!.Value;
            }

            TableEntity? head = await FindAsync(ventureId, Head, cancellation).ConfigureAwait(false);
            int version = (head?.GetInt32("Version") ?? 0) + 1;
            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.Add, new TableEntity(ventureId, Row(version))
                {
                    ["Config"] = configJson, ["CreatedBy"] = createdBy, ["Reason"] = reason, ["CreatedAt"] = now, ["Version"] = version, ["ContentGeneration"] = contentGeneration,
                }),
                new(TableTransactionActionType.Add, new TableEntity(ventureId, keyRow) { ["Version"] = version }),
                head is null
                    ? new(TableTransactionActionType.Add, new TableEntity(ventureId, Head) { ["Version"] = version })
                    : new(TableTransactionActionType.UpdateReplace, new TableEntity(ventureId, Head) { ["Version"] = version }, head.ETag),
            };
            try
            {
                await storage.ConfigVersions.SubmitTransactionAsync(actions, cancellation).ConfigureAwait(false);
                return version;
            }
            catch (TableTransactionFailedException) when (attempt < 20)
            {
                // Another writer took the number (or made this very version): look again.
            }
        }
    }

    public async Task MarkLastKnownGoodAsync(string ventureId, int version, CancellationToken cancellation) =>
        await storage.ConfigVersions.UpsertEntityAsync(new TableEntity(ventureId, LastKnownGoodRow) { ["Version"] = version }, TableUpdateMode.Replace, cancellation).ConfigureAwait(false);

    public async Task<int?> LastKnownGoodAsync(string ventureId, CancellationToken cancellation) =>
        (await FindAsync(ventureId, LastKnownGoodRow, cancellation).ConfigureAwait(false))?.GetInt32("Version");

    public async Task<ConfigVersion?> GetAsync(string ventureId, int version, CancellationToken cancellation)
    {
        TableEntity? row = await FindAsync(ventureId, Row(version), cancellation).ConfigureAwait(false);
        return row is null ? null : From(row, await LastKnownGoodAsync(ventureId, cancellation).ConfigureAwait(false));
    }

    public async Task<IReadOnlyList<ConfigVersion>> ListAsync(string ventureId, CancellationToken cancellation)
    {
        int? good = await LastKnownGoodAsync(ventureId, cancellation).ConfigureAwait(false);
        var versions = new List<ConfigVersion>();
        await foreach (TableEntity row in storage.ConfigVersions.QueryAsync<TableEntity>(
            r => r.PartitionKey == ventureId && r.RowKey.CompareTo("v") >= 0 && r.RowKey.CompareTo("w") < 0, cancellationToken: cancellation).ConfigureAwait(false))
        {
            versions.Add(From(row, good));
        }

        return versions;
    }

    private static ConfigVersion From(TableEntity row, int? lastKnownGood)
    {
        int version = row.GetInt32("Version")!.Value;
        return new ConfigVersion(row.PartitionKey, version, row.GetString("Config")!, row.GetString("CreatedBy")!, row.GetString("Reason")!, row.GetDateTimeOffset("CreatedAt")!.Value, version == lastKnownGood, row.GetInt32("ContentGeneration") ?? 1);
    }

    private async Task<TableEntity?> FindAsync(string ventureId, string rowKey, CancellationToken cancellation)
    {
        NullableResponse<TableEntity> found = await storage.ConfigVersions.GetEntityIfExistsAsync<TableEntity>(ventureId, rowKey, cancellationToken: cancellation).ConfigureAwait(false);
        return found.HasValue ? found.Value : null;
    }

    private static string Row(int version) => $"v{version:D6}";
}
