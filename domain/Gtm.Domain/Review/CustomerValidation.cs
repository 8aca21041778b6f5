using System.Text.Json.Serialization;
using Gtm.Domain.Ventures;

namespace Gtm.Domain.Review;

/// <summary>What happens when reviewers have not decided by the deadline.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TimeoutPolicy>))]
public enum TimeoutPolicy
{
    [JsonStringEnumMemberName("approve")]
    Approve,
    [JsonStringEnumMemberName("escalate")]
    Escalate,
    [JsonStringEnumMemberName("fail")]
    Fail,
}

/// <summary>
/// The customer validation gate of 17.2, per venture (SPEC C3): named reviewers, how many
/// approvals decide (the quorum; an advisory board of at least two for enterprise ventures),
/// how long they have per round, what a timeout means, and how many rounds of
/// reject-and-regenerate are allowed before the content is refused.
/// </summary>
public sealed record CustomerValidation(
    IReadOnlyList<string> Reviewers,
    int? Quorum = null,
    double TimeoutHours = 72,
    TimeoutPolicy TimeoutPolicy = TimeoutPolicy.Escalate,
    int MaxRounds = 3)
{
    /// <summary>The quorum as given, else a majority of the reviewers.</summary>
    public int RequiredApprovals => Quorum ?? (Reviewers.Count / 2) + 1;

    /// <summary>Every problem, each naming its field as a JSON Pointer under <c>/customer_validation</c>.</summary>
    public IReadOnlyList<(string Pointer, string Problem)> Validate(VentureInputs inputs)
    {
        var problems = new List<(string, string)>();
        void Require(bool ok, string field, string problem)
        {
            if (!ok)
            {
                problems.Add(($"/customer_validation/{field}", problem));
            }
        }

        IReadOnlyList<string> reviewers = Reviewers ?? [];
        Require(reviewers.Count is >= 1 and <= 25, "reviewers", $"must name 1 to 25 reviewers, not {reviewers.Count}");
        for (int i = 0; i < reviewers.Count; i++)
        {
            Require(ReviewVote.IsName(reviewers[i]), $"reviewers/{i}", "must be a name of 1 to 200 characters without control characters");
            Require(reviewers.Take(i).All(r => !string.Equals(r, reviewers[i], StringComparison.OrdinalIgnoreCase)), $"reviewers/{i}", $"'{reviewers[i]}' is named twice");
        }

        if (IsEnterprise(inputs))
        {
            Require(reviewers.Count >= 2, "reviewers", "an enterprise venture is reviewed by an advisory board: name at least 2 reviewers");
        }

        Require(RequiredApprovals >= 1 && RequiredApprovals <= Math.Max(1, reviewers.Count), "quorum", $"must be between 1 and the number of reviewers ({reviewers.Count}), not {RequiredApprovals}");
        Require(double.IsFinite(TimeoutHours) && TimeoutHours is > 0 and <= 24 * 30, "timeout_hours", $"must be more than 0 and at most 720 hours, not {TimeoutHours}");
        Require(Enum.IsDefined(TimeoutPolicy), "timeout_policy", "must be approve, escalate or fail");
        Require(MaxRounds is >= 1 and <= 10, "max_rounds", $"must be 1 to 10, not {MaxRounds}");
        return problems;
    }

    /// <summary>An enterprise venture: its strategy targets enterprise buyers, or one of its segments is.</summary>
    public static bool IsEnterprise(VentureInputs inputs) =>
        inputs.MarketStrategy.SegmentType == "b2b_enterprise" || inputs.CustomerSegments.Any(s => s.Type == "b2b_enterprise");
}
