using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Gtm.Domain.Content;
using Gtm.Domain.Ventures;

namespace Gtm.Activities.Storage;

/// <summary>The <c>CampaignContents</c> table: each campaign's content per generation (1 is the launch content).</summary>
public sealed class ContentStore(GtmStorage storage)
{
    public Task SaveAsync(int generation, IEnumerable<CampaignContent> contents, CancellationToken cancellation) =>
        SaveRowsAsync(contents, content => Row(content.Id, generation), cancellation);

    public Task<CampaignContent?> GetAsync(string ventureId, string campaignId, int generation, CancellationToken cancellation) =>
        GetRowAsync(ventureId, Row(campaignId, generation), cancellation);

    /// <summary>The content put before the reviewers in a review round (kept apart from the launched generations).</summary>
    public Task SaveDraftsAsync(int round, IEnumerable<CampaignContent> contents, CancellationToken cancellation) =>
        SaveRowsAsync(contents, content => DraftRow(content.Id, round), cancellation);

    public Task<CampaignContent?> GetDraftAsync(string ventureId, string campaignId, int round, CancellationToken cancellation) =>
        GetRowAsync(ventureId, DraftRow(campaignId, round), cancellation);

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

    private async Task SaveRowsAsync(IEnumerable<CampaignContent> contents, Func<CampaignContent, string> rowKey, CancellationToken cancellation)
    {
        foreach (CampaignContent content in contents)
        {
            await storage.Contents.UpsertEntityAsync(new TableEntity(content.VentureId, rowKey(content))
            {
                ["Content"] = JsonSerializer.Serialize(content, ContractJson.Options),
            }, TableUpdateMode.Replace, cancellation).ConfigureAwait(false);
        }
    }

    private async Task<CampaignContent?> GetRowAsync(string ventureId, string rowKey, CancellationToken cancellation)
    {
        var found = await storage.Contents.GetEntityIfExistsAsync<TableEntity>(ventureId, rowKey, cancellationToken: cancellation).ConfigureAwait(false);
        return found.HasValue ? JsonSerializer.Deserialize<CampaignContent>(found.Value!.GetString("Content")!, ContractJson.Options) : null;
    }

    private static string Row(string campaignId, int generation) => $"{campaignId}.g{generation:D4}";

    private static string DraftRow(string campaignId, int round) => $"{campaignId}.review{round:D2}";
}
