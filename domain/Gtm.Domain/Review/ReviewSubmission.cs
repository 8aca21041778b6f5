using Gtm.Domain.Content;

namespace Gtm.Domain.Review;

/// <summary>What a reviewer sends: who, approve or reject, and for a rejection what is wrong per element.</summary>
public sealed record ReviewSubmission(string? Reviewer, ReviewDecision? Decision, IReadOnlyList<ElementComment>? Comments)
{
    public const int MaxCommentLength = 1000;

    /// <summary>Every problem, each with its JSON Pointer; comments must name a campaign and element under review, and a suggested text must fit the channel.</summary>
    public IReadOnlyList<(string Pointer, string Problem)> Validate(IReadOnlyList<CampaignContent> underReview)
    {
        var problems = new List<(string, string)>();
        if (!ReviewVote.IsName(Reviewer))
        {
            problems.Add(("/reviewer", "Say who reviews: a name of 1 to 200 characters without control characters."));
        }

        if (Decision is null || !Enum.IsDefined(Decision.Value))
        {
            problems.Add(("/decision", "Must be approve or reject."));
        }

        IReadOnlyList<ElementComment> comments = Comments ?? [];
        if (Decision == ReviewDecision.Reject && comments.Count == 0)
        {
            problems.Add(("/comments", "A rejection says what is wrong: give at least one comment with campaign_id, element and comment."));
        }

        for (int i = 0; i < comments.Count; i++)
        {
            problems.AddRange(Check(comments[i], underReview).Select(p => ($"/comments/{i}{p.Pointer}", p.Problem)));
        }

        return problems;
    }

    private static IEnumerable<(string Pointer, string Problem)> Check(ElementComment? comment, IReadOnlyList<CampaignContent> underReview)
    {
        if (comment is null)
        {
            yield return ("", "Must be an object with campaign_id, element and comment.");
            yield break;
        }

        if (string.IsNullOrWhiteSpace(comment.Comment) || comment.Comment.Trim().Length > MaxCommentLength)
        {
            yield return ("/comment", $"Must be 1 to {MaxCommentLength} characters.");
        }

        CampaignContent? campaign = underReview.FirstOrDefault(c => c.Id == comment.CampaignId);
        if (campaign is null)
        {
            yield return ("/campaign_id", $"'{comment.CampaignId}' is not under review; the campaigns are: {string.Join(", ", underReview.Select(c => c.Id))}.");
            yield break;
        }

        if (campaign.Elements.All(e => e.Kind != comment.Element))
        {
            yield return ("/element", $"'{comment.Element}' is not an element of {campaign.Id}; it has: {string.Join(", ", campaign.Elements.Select(e => e.Kind))}.");
            yield break;
        }

        int limit = ChannelLimits.MaxLength(campaign.Channel, comment.Element);
        if (comment.SuggestedText is { } text && (string.IsNullOrWhiteSpace(text) || text.Trim().Length > limit))
        {
            yield return ("/suggested_text", $"Must be 1 to {limit} characters, {campaign.Channel}'s limit for {comment.Element}; it has {text.Trim().Length}.");
        }
    }
}
