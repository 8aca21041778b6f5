using Gtm.Domain.Contracts;

namespace Gtm.Domain.Feedback;

/// <summary>
/// One answer to the post-campaign survey (SPEC C9): who answered (an id the survey tool gives the
/// respondent), about which venture, campaign and content variant, a Net Promoter score from 0 to
/// 10, and an optional comment.
/// </summary>
public sealed record SurveyResponse(string VentureId, string CampaignId, string VariantId, string RespondentId, int Nps, string? Comment = null)
{
    public const int MaxIdLength = 200;
    public const int MaxCommentLength = 1000;
    public const int MinScore = 0;
    public const int MaxScore = 10;

    /// <summary>
    /// The comment as stored: Windows line ends made plain newlines, trimmed, and none at all when
    /// nothing is left.
    /// </summary>
    public SurveyResponse Normalized()
    {
        string? comment = Comment?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        return this with { Comment = string.IsNullOrEmpty(comment) ? null : comment };
    }

    /// <summary>Every problem, each naming its field as a JSON Pointer into the request body.</summary>
    public IReadOnlyList<ContractError> Validate()
    {
        var problems = new List<ContractError>();
        RequireId(problems, "venture_id", VentureId);
        RequireId(problems, "campaign_id", CampaignId);
        RequireId(problems, "variant_id", VariantId);
        RequireId(problems, "respondent_id", RespondentId);
        if (Nps is < MinScore or > MaxScore)
        {
            problems.Add(new ContractError("/nps", $"must be an integer from {MinScore} to {MaxScore}, not {Nps}"));
        }

        string? comment = Normalized().Comment;
        if (comment is not null && comment.EnumerateRunes().Count() > MaxCommentLength)
        {
            problems.Add(new ContractError("/comment", $"must be at most {MaxCommentLength} characters after trimming, not {comment.EnumerateRunes().Count()}"));
        }

        if (comment is not null && comment.Any(c => char.IsControl(c) && c is not ('\n' or '\t')))
        {
            problems.Add(new ContractError("/comment", "must not contain control characters other than newlines and tabs"));
        }

        return problems;
    }

    private static void RequireId(List<ContractError> problems, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add(new ContractError("/" + field, "is required and must not be empty"));
        }
        else if (value.Length > MaxIdLength)
        {
            problems.Add(new ContractError("/" + field, $"must be at most {MaxIdLength} characters, not {value.Length}"));
        }
        else if (value.Any(char.IsControl))
        {
            problems.Add(new ContractError("/" + field, "must not contain control characters"));
        }
    }
}
