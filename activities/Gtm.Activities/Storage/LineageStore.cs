using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace Gtm.Activities.Storage;

/// <summary>Where one stored output came from: the input versions and the rules that produced it.</summary>
public sealed record LineageRecord(string VentureId, string Output, IReadOnlyDictionary<string, string> InputVersions, IReadOnlyList<string> Rules, DateTimeOffset RecordedAt, string? Parent = null);

/// <summary>Lineage rows per venture: one per stored output (config version, campaign, workflow, handoff).</summary>
public sealed class LineageStore(GtmStorage storage)
{
    public async Task RecordAsync(LineageRecord record, CancellationToken cancellation)
    {
        var row = new TableEntity(record.VentureId, Key(record.Output))
        {
            ["Output"] = record.Output,
            ["InputVersions"] = JsonSerializer.Serialize(record.InputVersions),
            ["Rules"] = string.Join(',', record.Rules),
            ["RecordedAt"] = record.RecordedAt,
            ["Parent"] = record.Parent,
        };
        await storage.Lineage.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellation).ConfigureAwait(false);
    }

    /// <summary>The output's record and, through its parents, every record it derives from.</summary>
    public async Task<IReadOnlyList<LineageRecord>> TraceAsync(string ventureId, string output, CancellationToken cancellation)
    {
        var trace = new List<LineageRecord>();
        for (string? next = output; next is not null && trace.Count < 20;)
        {
            LineageRecord? record = await GetAsync(ventureId, next, cancellation).ConfigureAwait(false);
            if (record is null)
            {
                break;
            }

            trace.Add(record);
            next = record.Parent;
        }

        return trace;
    }

    public async Task<IReadOnlyList<string>> OutputsAsync(string ventureId, CancellationToken cancellation)
    {
        var outputs = new List<string>();
        await foreach (TableEntity row in storage.Lineage.QueryAsync<TableEntity>(r => r.PartitionKey == ventureId, select: ["Output"], cancellationToken: cancellation).ConfigureAwait(false))
        {
            outputs.Add(row.GetString("Output")!);
        }

        return outputs;
    }

    private async Task<LineageRecord?> GetAsync(string ventureId, string output, CancellationToken cancellation)
    {
        try
        {
            TableEntity row = (await storage.Lineage.GetEntityAsync<TableEntity>(ventureId, Key(output), cancellationToken: cancellation).ConfigureAwait(false)).Value;
            return new LineageRecord(
                ventureId,
                row.GetString("Output")!,
                JsonSerializer.Deserialize<Dictionary<string, string>>(row.GetString("InputVersions")!)!,
                row.GetString("Rules")!.Split(',', StringSplitOptions.RemoveEmptyEntries),
                row.GetDateTimeOffset("RecordedAt")!.Value,
                row.GetString("Parent"));
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Row keys may not hold '/', '\', '#' or '?'.</summary>
    private static string Key(string output) => output.Replace('/', ':').Replace('\\', ':').Replace('#', ':').Replace('?', ':');
}
