using Gtm.Activities.Storage;
using Gtm.Domain.Contracts;
using Gtm.Domain.Feedback;
using Gtm.Domain.Ventures;
using Microsoft.Azure.Functions.Worker;
using Gtm.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Gtm.Functions.Feedback;

/// <summary>
/// POST /api/feedback (SPEC C9): one survey answer (venture_id, campaign_id, variant_id,
/// respondent_id, nps 0 to 10, optional comment). 400 with a pointer per problem, 404 when the
/// venture, campaign or variant is unknown (see <see cref="SurveyedContentLookup"/>), 409 when the
/// respondent has answered about the campaign before (the first answer stands), 413 for a body over
/// 32 K characters; 201 with the stored answer, without the respondent id.
/// </summary>
public sealed class SubmitFeedback(SurveyedContentLookup lookup, FeedbackStore feedback)
{
    /// <summary>Far above the longest valid answer (four 200-character ids and a 1,000-character comment, escaped).</summary>
    public const int MaxBodyCharacters = 32 * 1024;

    [Function(nameof(SubmitFeedback))]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/feedback")] HttpRequest request, CancellationToken cancellation)
    {
        string? body;
        try
        {
            body = await RequestText.ReadAsync(request, MaxBodyCharacters, cancellation);
        }
        catch (System.Text.DecoderFallbackException ex)
        {
            return RequestText.NotUtf8(ex);
        }

        if (body is null)
        {
            return Problems.Result(StatusCodes.Status413PayloadTooLarge, "Survey answer too large", $"The body must be at most {MaxBodyCharacters} characters; nothing was stored.");
        }

        SurveyResponseReader.Result read = SurveyResponseReader.Read(body);
        if (!read.IsValid)
        {
            return Refused(StatusCodes.Status400BadRequest, "Invalid survey answer", $"{read.Errors.Count} problem(s) found; nothing was stored.", read.Errors);
        }

        SurveyResponse response = read.Response!;
        (SurveyedContent? content, ContractError? unknown) = await lookup.FindAsync(response, cancellation);
        if (content is null)
        {
            return Refused(StatusCodes.Status404NotFound, "Unknown survey subject", unknown!.Message + " Nothing was stored.", [unknown]);
        }

        FeedbackEntry? stored = await feedback.AddAsync(response, content, cancellation);
        return stored is null
            ? Problems.Result(StatusCodes.Status409Conflict, "Already answered", $"This respondent has already answered about campaign '{response.CampaignId}'; the first answer stands.")
            : Results.Json(stored, ContractJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static IResult Refused(int status, string title, string detail, IReadOnlyList<ContractError> errors) =>
        Problems.Result(status, title, detail, new Dictionary<string, object?> { ["errors"] = errors.Select(e => new { pointer = e.Pointer, message = e.Message }).ToList() });
}
