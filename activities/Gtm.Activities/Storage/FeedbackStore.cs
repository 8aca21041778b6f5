using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Gtm.Domain.Feedback;

namespace Gtm.Activities.Storage;

/// <summary>
/// The <c>Feedback</c> table: survey answers, one partition per venture. The row key is
/// <c>{campaign id}|{respondent hash}</c>, so a respondent answers about a campaign once: a second
/// answer is refused by the add itself (409), with nothing changed. The hash is SHA-256 over the
/// venture id and the respondent id; the respondent id itself is never stored.
/// </summary>
public sealed class FeedbackStore(GtmStorage storage, TimeProvider time)
{
    /// <summary>Stores the answer; null when this respondent has answered about this campaign before.</summary>
    public async Task<FeedbackEntry?> AddAsync(SurveyResponse response, SurveyedContent content, CancellationToken cancellation)
    {
        var entry = new FeedbackEntry(
            response.VentureId,
            response.CampaignId,
            response.VariantId,
            content.ContentGeneration,
            content.Element,
            content.Text,
            content.Channel,
            content.SegmentType,
            response.Nps,
            response.Comment,
            time.GetUtcNow(),
            content.Pattern);
        string respondent = RespondentHash(response.VentureId, response.RespondentId);

        // The index first, added only if absent: a respondent's second answer changes neither row,
        // and an answer whose first attempt stopped between the two is completed by its retry.
        TableEntity indexed = ToRow(entry, respondent);
        indexed.PartitionKey = LearningIndex.Partition(entry.SegmentType, entry.Channel);
        indexed.RowKey = LearningIndex.Row(LearningIndex.Answer, entry.VentureId, entry.CampaignId, respondent);
        indexed["VentureId"] = entry.VentureId;
        await storage.Learning.AddIfAbsentAsync(indexed, cancellation).ConfigureAwait(false);
        return await storage.Feedback.AddIfAbsentAsync(ToRow(entry, respondent), cancellation).ConfigureAwait(false) ? entry : null;
    }

    /// <summary>Every answer about the venture's campaigns.</summary>
    public Task<IReadOnlyList<FeedbackEntry>> ForVentureAsync(string ventureId, CancellationToken cancellation) =>
        QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {ventureId}"), cancellation);

    /// <summary>Every answer about one of the venture's campaigns.</summary>
    public Task<IReadOnlyList<FeedbackEntry>> ForCampaignAsync(string ventureId, string campaignId, CancellationToken cancellation) =>
        QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {ventureId} and CampaignId eq {campaignId}"), cancellation);

    /// <summary>
    /// What respondents thought of each text served to a segment type on a channel, across every
    /// venture, per element and copy pattern (the text in any venture's words): best NPS first, then
    /// more answers first. One partition of the learning index, grouped in code.
    /// </summary>
    public async Task<IReadOnlyList<ContentRating>> RatingsAsync(string segmentType, string channel, CancellationToken cancellation)
    {
        IReadOnlyList<FeedbackEntry> entries = await QueryAsync(storage.Learning, LearningIndex.Filter(segmentType, channel, LearningIndex.Answer), cancellation).ConfigureAwait(false);
        return
        [
            .. entries
                .GroupBy(e => (e.Element, Text: e.Pattern ?? e.Text))
                .Select(g => new ContentRating(g.Key.Element, g.Key.Text, NpsSummary.From(g.Select(e => e.Nps))))
                .OrderByDescending(r => r.Summary.Nps)
                .ThenByDescending(r => r.Responses)
                .ThenBy(r => r.Element, StringComparer.Ordinal)
                .ThenBy(r => r.Text, StringComparer.Ordinal),
        ];
    }

    /// <summary>How a respondent is known in the table: lower-case hex SHA-256 of the venture id and the respondent id.</summary>
    public static string RespondentHash(string ventureId, string respondentId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{ventureId}\n{respondentId}")));

    private Task<IReadOnlyList<FeedbackEntry>> QueryAsync(string filter, CancellationToken cancellation) => QueryAsync(storage.Feedback, filter, cancellation);

    private static async Task<IReadOnlyList<FeedbackEntry>> QueryAsync(TableClient table, string filter, CancellationToken cancellation)
    {
        var entries = new List<FeedbackEntry>();
        await foreach (TableEntity row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellation).ConfigureAwait(false))
        {
            entries.Add(FromRow(row));
        }

        return entries;
    }

    private static TableEntity ToRow(FeedbackEntry e, string respondentHash) => new(e.VentureId, $"{e.CampaignId}|{respondentHash}")
    {
        ["CampaignId"] = e.CampaignId,
        ["VariantId"] = e.VariantId,
        ["ContentGeneration"] = e.ContentGeneration,
        ["Element"] = e.Element,
        ["Text"] = e.Text,
        ["Channel"] = e.Channel,
        ["SegmentType"] = e.SegmentType,
        ["Nps"] = e.Nps,
        ["Comment"] = e.Comment,
        ["SubmittedAt"] = e.SubmittedAt,
        ["Pattern"] = e.Pattern,
    };

    /// <summary>A row of the Feedback table (partition: the venture) or of the learning index (the venture in a column).</summary>
    private static FeedbackEntry FromRow(TableEntity row) => new(
        row.GetString("VentureId") ?? row.PartitionKey,
        row.GetString("CampaignId")!,
        row.GetString("VariantId")!,
        row.GetInt32("ContentGeneration") ?? 1,
        row.GetString("Element")!,
        row.GetString("Text")!,
        row.GetString("Channel")!,
        row.GetString("SegmentType")!,
        row.GetInt32("Nps")!.Value,
        row.GetString("Comment"),
        row.GetDateTimeOffset("SubmittedAt")!.Value,
        row.GetString("Pattern"));
}
