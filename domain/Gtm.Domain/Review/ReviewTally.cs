using System.Text.Json.Serialization;

namespace Gtm.Domain.Review;

[JsonConverter(typeof(JsonStringEnumConverter<ReviewStatus>))]
public enum ReviewStatus
{
    [JsonStringEnumMemberName("pending")]
    Pending,
    [JsonStringEnumMemberName("approved")]
    Approved,
    [JsonStringEnumMemberName("rejected")]
    Rejected,
}

/// <summary>
/// One round's votes against the board: who may vote (named reviewers, once each, never approving
/// content they authored), and when the round is decided: approved at the quorum, rejected as soon
/// as the quorum can no longer be reached (authors on the board count as unable to approve).
/// </summary>
public sealed class ReviewTally(IReadOnlyList<string> reviewers, int requiredApprovals, IReadOnlyCollection<string> authors)
{
    private readonly List<ReviewVote> votes = [];

    public IReadOnlyList<ReviewVote> Votes => votes;

    public int Approvals => votes.Count(v => v.Decision == ReviewDecision.Approve);

    public int Rejections => votes.Count(v => v.Decision == ReviewDecision.Reject);

    /// <summary>Approved at the quorum; rejected once the approvals given plus those still possible fall short of it.</summary>
    public ReviewStatus Status =>
        Approvals >= requiredApprovals ? ReviewStatus.Approved
        : Approvals + StillAbleToApprove < requiredApprovals ? ReviewStatus.Rejected
        : ReviewStatus.Pending;

    /// <summary>Reviewers who have not voted and did not author the content.</summary>
    public int StillAbleToApprove => reviewers.Count(r =>
        !authors.Contains(r, StringComparer.OrdinalIgnoreCase) && !votes.Any(v => string.Equals(v.Reviewer, r, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Why the vote cannot count, or null when it can.</summary>
    public string? Refusal(string reviewer, ReviewDecision decision)
    {
        if (!reviewers.Contains(reviewer, StringComparer.OrdinalIgnoreCase))
        {
            return $"'{reviewer}' is not one of this venture's reviewers";
        }

        if (votes.Any(v => string.Equals(v.Reviewer, reviewer, StringComparison.OrdinalIgnoreCase)))
        {
            return $"'{reviewer}' has already reviewed this round";
        }

        return decision == ReviewDecision.Approve && authors.Contains(reviewer, StringComparer.OrdinalIgnoreCase)
            ? $"'{reviewer}' authored content in this round and cannot approve it"
            : null;
    }

    /// <summary>Counts the vote if it may count; returns the refusal otherwise.</summary>
    public string? Add(ReviewVote vote)
    {
        string? refusal = Status == ReviewStatus.Pending ? Refusal(vote.Reviewer, vote.Decision) : "the round is already decided";
        if (refusal is null)
        {
            votes.Add(vote);
        }

        return refusal;
    }
}
