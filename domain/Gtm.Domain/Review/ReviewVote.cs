using System.Text.Json.Serialization;

namespace Gtm.Domain.Review;

[JsonConverter(typeof(JsonStringEnumConverter<ReviewDecision>))]
public enum ReviewDecision
{
    [JsonStringEnumMemberName("approve")]
    Approve,
    [JsonStringEnumMemberName("reject")]
    Reject,
}

/// <summary>A reviewer's comment on one element of one campaign, optionally with the text they would use instead.</summary>
public sealed record ElementComment(string CampaignId, string Element, string Comment, string? SuggestedText = null);

/// <summary>One reviewer's decision in one round; a rejection says what is wrong, element by element.</summary>
public sealed record ReviewVote(int Round, string Reviewer, ReviewDecision Decision, IReadOnlyList<ElementComment> Comments, DateTimeOffset At)
{
    public static bool IsName(string? name) =>
        name is { Length: > 0 and <= 200 } && !string.IsNullOrWhiteSpace(name) && !name.Any(char.IsControl);
}
