using Gtm.Activities.Launch;
using Gtm.Activities.Storage;
using Gtm.Domain.Feedback;

namespace Gtm.Functions.Feedback;

/// <summary>Stored answers summed up for the API and the UI: NPS overall, per campaign and per variant, and the latest comments.</summary>
public static class FeedbackReport
{
    public const int LatestComments = 20;

    public static VentureFeedback ForVenture(string ventureId, IReadOnlyList<LaunchedCampaign> campaigns, IReadOnlyList<FeedbackEntry> entries) => new(
        ventureId,
        Summary(entries),
        [.. campaigns.Select(c => new CampaignSummary(c.CampaignId, c.Channel, Summary(entries.Where(e => e.CampaignId == c.CampaignId))))],
        Variants(entries),
        Comments(entries));

    public static CampaignFeedback ForCampaign(string ventureId, LaunchedCampaign campaign, IReadOnlyList<FeedbackEntry> entries) => new(
        ventureId,
        campaign.CampaignId,
        campaign.Channel,
        Summary(entries),
        Variants(entries),
        Comments(entries));

    private static NpsSummary Summary(IEnumerable<FeedbackEntry> entries) => NpsSummary.From(entries.Select(e => e.Nps));

    private static List<VariantSummary> Variants(IEnumerable<FeedbackEntry> entries) =>
    [
        .. entries
            .GroupBy(e => (e.CampaignId, e.VariantId, e.ContentGeneration))
            .Select(g => new VariantSummary(g.Key.CampaignId, g.Key.VariantId, g.Key.ContentGeneration, g.First().Element, g.First().Text, Summary(g)))
            .OrderBy(v => v.CampaignId, StringComparer.Ordinal)
            .ThenBy(v => v.VariantId, StringComparer.Ordinal)
            .ThenBy(v => v.ContentGeneration),
    ];

    private static List<FeedbackComment> Comments(IEnumerable<FeedbackEntry> entries) =>
    [
        .. entries
            .Where(e => e.Comment is not null)
            .OrderByDescending(e => e.SubmittedAt)
            .Take(LatestComments)
            .Select(e => new FeedbackComment(e.Comment!, e.Nps, e.CampaignId, e.VariantId, e.SubmittedAt)),
    ];
}
