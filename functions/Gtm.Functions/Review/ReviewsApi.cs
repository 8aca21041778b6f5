using System.Text.Json;
using Gtm.Activities.Review;
using Gtm.Activities.Storage;
using Gtm.Domain.Content;
using Gtm.Domain.Review;
using Gtm.Domain.Ventures;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Azure.Functions.Worker;
using Gtm.Functions.Http;
using Gtm.Orchestrations;
using Microsoft.AspNetCore.Http;

namespace Gtm.Functions.Review;

/// <summary>What the LEAD operator sends to decide an escalated review.</summary>
public sealed record LeadDecisionRequest(string? DecidedBy, ReviewDecision? Decision, string? Reason);

/// <summary>
/// The customer validation gate's API (SPEC C3, C12): the rounds with their content and votes;
/// a reviewer's vote (function key), refused for someone not on the board (403), for an author
/// approving their own content (403) and for a second vote in the round (409); and the LEAD
/// operator's decision on an escalated round (admin key, audited). A vote is stored first and
/// then raised to the waiting gate, which counts each reviewer once.
/// </summary>
public sealed class ReviewsApi(ReviewStore reviews, ContentStore contents, AuditLog audit, TimeProvider time)
{
    [Function("GetReviews")]
    public async Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/ventures/{ventureId}/reviews")] HttpRequest request, string ventureId, CancellationToken cancellation)
    {
        var rounds = await reviews.ListAsync(ventureId, cancellation);
        if (rounds.Count == 0)
        {
            return NoReview(ventureId);
        }

        (ReviewRound latest, _) = rounds[^1];
        return Results.Json(new
        {
            venture_id = ventureId,
            rounds = rounds.Select(r => new { round = r.Round, votes = r.Votes }),
            under_review = await UnderReviewAsync(latest, cancellation),
        }, ContractJson.Options);
    }

    [Function("SubmitReview")]
    public async Task<IResult> SubmitAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/ventures/{ventureId}/reviews")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string ventureId,
        CancellationToken cancellation)
    {
        (ReviewSubmission? submission, string? unreadable) = await JsonBody.ReadAsAsync<ReviewSubmission>(request, cancellation);
        if (submission is null)
        {
            return Invalid($"The body must be JSON with reviewer, decision (approve or reject) and, for a rejection, comments: {unreadable}.", []);
        }

        var rounds = await reviews.ListAsync(ventureId, cancellation);
        if (rounds.Count == 0)
        {
            return NoReview(ventureId);
        }

        (ReviewRound round, IReadOnlyList<ReviewVote> votes) = rounds[^1];
        if (!round.AcceptsVotes)
        {
            return Problems.Result(StatusCodes.Status409Conflict, "Round closed", $"Review round {round.Round} of '{ventureId}' is {round.Status}; it takes no more votes.");
        }

        IReadOnlyList<(string Pointer, string Problem)> problems = submission.Validate(await UnderReviewAsync(round, cancellation));
        if (problems.Count > 0)
        {
            return Invalid($"{problems.Count} problem(s) with the review; nothing was recorded.", [.. problems.Select(p => new { pointer = p.Pointer, message = p.Problem })]);
        }

        var tally = new ReviewTally(round.Reviewers, round.RequiredApprovals, round.Authors);
        foreach (ReviewVote earlier in votes)
        {
            tally.Add(earlier);
        }

        var vote = new ReviewVote(round.Round, submission.Reviewer!, submission.Decision!.Value, submission.Comments ?? [], time.GetUtcNow());
        if (tally.Refusal(vote.Reviewer, vote.Decision) is { } refusal)
        {
            return votes.Any(v => string.Equals(v.Reviewer, vote.Reviewer, StringComparison.OrdinalIgnoreCase))
                ? await AlreadyReviewedAsync(client, ventureId, round, vote.Reviewer, cancellation)
                : Problems.Result(StatusCodes.Status403Forbidden, "Review refused", $"{refusal}; nothing was recorded.");
        }

        if (!await reviews.AddVoteAsync(ventureId, vote, cancellation))
        {
            return await AlreadyReviewedAsync(client, ventureId, round, vote.Reviewer, cancellation);
        }

        await client.RaiseEventAsync(round.Instance, CustomerValidationGate.ReviewEvent, vote, cancellation);
        tally.Add(vote);
        return Results.Json(new { round = round.Round, recorded = vote, approvals = tally.Approvals, rejections = tally.Rejections, required_approvals = round.RequiredApprovals, status = tally.Status }, ContractJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    [Function("DecideEscalatedReview")]
    public async Task<IResult> DecideAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "api/ventures/{ventureId}/reviews/escalation")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string ventureId,
        CancellationToken cancellation)
    {
        (LeadDecisionRequest? body, _) = await JsonBody.ReadAsAsync<LeadDecisionRequest>(request, cancellation);
        if (body is not { DecidedBy: { } who, Decision: { } decision, Reason: { Length: > 0 } why } || !ReviewVote.IsName(who) || !Enum.IsDefined(decision))
        {
            return Invalid("Say who decides (decided_by), the decision (approve or reject) and why (reason).", []);
        }

        var rounds = await reviews.ListAsync(ventureId, cancellation);
        if (rounds.Count == 0 || rounds[^1].Round.Status != ReviewRound.Escalated)
        {
            return rounds.Count == 0 ? NoReview(ventureId) : Problems.Result(StatusCodes.Status409Conflict, "Not escalated", $"Review round {rounds[^1].Round.Round} of '{ventureId}' is {rounds[^1].Round.Status}, not escalated.");
        }

        ReviewRound round = rounds[^1].Round;
        if (decision == ReviewDecision.Approve && round.Authors.Contains(who, StringComparer.OrdinalIgnoreCase))
        {
            return Problems.Result(StatusCodes.Status403Forbidden, "Review refused", $"'{who}' authored content in this round and cannot approve it; nothing was recorded.");
        }

        await audit.AppendAsync(new AuditEntry(ventureId, who, $"escalated review round {round.Round}: {(decision == ReviewDecision.Approve ? "approve" : "reject")}", why, time.GetUtcNow(), Instance: round.Instance), cancellation);
        await client.RaiseEventAsync(round.Instance, CustomerValidationGate.LeadDecisionEvent, new LeadDecision(who, decision, why), cancellation);
        return Results.Json(new { round = round.Round, decided_by = who, decision }, ContractJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>A second vote changes nothing; the stored one is raised again in case the first delivery was lost, and the gate ignores a repeat.</summary>
    private async Task<IResult> AlreadyReviewedAsync(DurableTaskClient client, string ventureId, ReviewRound round, string reviewer, CancellationToken cancellation)
    {
        if (await reviews.GetVoteAsync(ventureId, round.Round, reviewer, cancellation) is { } stored)
        {
            await client.RaiseEventAsync(round.Instance, CustomerValidationGate.ReviewEvent, stored, cancellation);
        }

        return Problems.Result(StatusCodes.Status409Conflict, "Already reviewed", $"'{reviewer}' has already reviewed round {round.Round}; the first review stands.");
    }

    private async Task<IReadOnlyList<CampaignContent>> UnderReviewAsync(ReviewRound round, CancellationToken cancellation)
    {
        var found = new List<CampaignContent>();
        foreach (string campaign in round.CampaignIds)
        {
            if (await contents.GetDraftAsync(round.VentureId, campaign, round.Round, cancellation) is { } content)
            {
                found.Add(content);
            }
        }

        return found;
    }

    private static IResult NoReview(string ventureId) =>
        Problems.Result(StatusCodes.Status404NotFound, "No review", $"Venture '{ventureId}' has no customer validation round.");

    private static IResult Invalid(string detail, IReadOnlyList<object> errors) =>
        Problems.Result(StatusCodes.Status400BadRequest, "Invalid review", detail, new Dictionary<string, object?> { ["errors"] = errors });
}
