using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Gtm.Domain.Content;
using Gtm.Domain.Ventures;

namespace Gtm.Activities.Storage;

/// <summary>The <c>CampaignContents</c> table: each campaign's content per generation (1 is the launch content).</summary>
public sealed class ContentStore(GtmStorage storage)
{
    public async Task SaveAsync(int generation, IEnumerable<CampaignContent> contents, CancellationToken cancellation)
    {
        foreach (CampaignContent content in contents)
        {
            await storage.Contents.UpsertEntityAsync(new TableEntity(content.VentureId, Row(content.Id, generation))
            {
                ["Content"] = JsonSerializer.Serialize(content, ContractJson.Options),
            }, TableUpdateMode.Replace, cancellation).ConfigureAwait(false);
        }
    }

    public async Task<CampaignContent?> GetAsync(string ventureId, string campaignId, int generation, CancellationToken cancellation)
    {
        var found = await storage.Contents.GetEntityIfExistsAsync<TableEntity>(ventureId, Row(campaignId, generation), cancellationToken: cancellation).ConfigureAwait(false);
        return found.HasValue ? JsonSerializer.Deserialize<CampaignContent>(found.Value!.GetString("Content")!, ContractJson.Options) : null;
    }

    /// <summary>The content put before the reviewers in a review round (kept apart from the launched generations).</summary>
    public async Task SaveDraftsAsync(int round, IEnumerable<CampaignContent> contents, CancellationToken cancellation)
    {
        foreach (CampaignContent content in contents)
        {
            await storage.Contents.UpsertEntityAsync(new TableEntity(content.VentureId, DraftRow(content.Id, round))
            {
                ["Content"] = JsonSerializer.Serialize(content, ContractJson.Options),
            }, TableUpdateMode.Replace, cancellation).ConfigureAwait(false);
        }
    }

    public async Task<CampaignContent?> GetDraftAsync(string ventureId, string campaignId, int round, CancellationToken cancellation)
    {
        var found = await storage.Contents.GetEntityIfExistsAsync<TableEntity>(ventureId, DraftRow(campaignId, round), cancellationToken: cancellation).ConfigureAwait(false);
        return found.HasValue ? JsonSerializer.Deserialize<CampaignContent>(found.Value!.GetString("Content")!, ContractJson.Options) : null;
    }

    /// <summary>Every stored generation of the campaign's content, oldest first.</summary>
    public async Task<IReadOnlyList<(int Generation, CampaignContent Content)>> GenerationsAsync(string ventureId, string campaignId, CancellationToken cancellation)
    {
        string prefix = $"{campaignId}.g", after = $"{campaignId}.h";
        var found = new List<(int, CampaignContent)>();
        await foreach (TableEntity row in storage.Contents.QueryAsync<TableEntity>(
            r => r.PartitionKey == ventureId && r.RowKey.CompareTo(prefix) >= 0 && r.RowKey.CompareTo(after) < 0, cancellationToken: cancellation).ConfigureAwait(false))
        {
            if (int.TryParse(row.RowKey.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int generation))
            {
                found.Add((generation, JsonSerializer.Deserialize<CampaignContent>(row.GetString("Content")!, ContractJson.Options)!));
            }
        }

        return [.. found.OrderBy(g => g.Item1)];
    }

    private static string Row(string campaignId, int generation) => $"{campaignId}.g{generation:D4}";

    private static string DraftRow(string campaignId, int round) => $"{campaignId}.review{round:D2}";
}
