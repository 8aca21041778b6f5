using Gtm.Activities.Content;
using Gtm.Activities.Review;
using Gtm.Activities.Rollback;
using Gtm.Activities.Storage;
using Gtm.Domain.Content;
using Gtm.Domain.Review;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Gtm.Orchestrations;

/// <param name="Requests">The request behind each content, in the same order, to regenerate rejected elements from.</param>
/// <param name="Authors">Who authored the content: they may reject it but never approve it.</param>
public sealed record GateInput(string VentureId, IReadOnlyList<ContentRequest> Requests, IReadOnlyList<CampaignContent> Contents, CustomerValidation Validation, IReadOnlyList<string> Authors);

public sealed record GateResult(bool Approved, IReadOnlyList<CampaignContent> Contents, int Rounds, string Outcome);

/// <summary>
/// The customer validation gate of 17.2 (SPEC C3): each round stores the content, waits for the
/// board's votes (event <see cref="ReviewEvent"/>) racing a durable deadline, and ends approved at
/// the quorum or rejected once the quorum is out of reach. A rejection regenerates the commented
/// elements with the comments as input and opens the next round. A deadline without a decision
/// follows the venture's policy: approve, fail, or escalate and wait for the LEAD operator
/// (event <see cref="LeadDecisionEvent"/>).
/// </summary>
public sealed partial class CustomerValidationGate : TaskOrchestrator<GateInput, GateResult>
{
    [Function(nameof(CustomerValidationGate))]
    public static Task<GateResult> Run([OrchestrationTrigger] TaskOrchestrationContext context) => new CustomerValidationGate().RunAsync(context, context.GetInput<GateInput>()!);

    public const string ReviewEvent = "review";
    public const string LeadDecisionEvent = "lead_decision";

    private static readonly TaskOptions Retry = ActivityRetry.Standard;

    public override async Task<GateResult> RunAsync(TaskOrchestrationContext context, GateInput input)
    {
        ILogger log = context.CreateReplaySafeLogger(nameof(CustomerValidationGate));
        CustomerValidation gate = input.Validation;
        List<CampaignContent> contents = [.. input.Contents];
        List<string> authors = [.. input.Authors];
        for (int round = 1; ; round++)
        {
            DateTime opened = context.CurrentUtcDateTime;
            DateTime deadline = opened.AddHours(gate.TimeoutHours);
            await context.CallActivityAsync<bool>(nameof(OpenReviewRound), new OpenRoundInput(
                input.VentureId, round, context.InstanceId, gate, authors, UtcTime.Of(opened), UtcTime.Of(deadline), contents), Retry);
            context.SetCustomStatus(new { round, status = ReviewRound.Open, deadline });

            var tally = new ReviewTally(gate.Reviewers, gate.RequiredApprovals, authors);
            if (tally.Status == ReviewStatus.Rejected)
            {
                // Every reviewer who could approve authored part of it: a person without the conflict decides.
                return await EscalateAsync(context, input, contents, round, $"no reviewer may approve: {string.Join(", ", authors)} authored this content");
            }

            await CollectVotesAsync(context, tally, round, deadline);
            if (tally.Status == ReviewStatus.Pending)
            {
                return await TimedOutAsync(context, input, contents, round, tally);
            }

            if (tally.Status == ReviewStatus.Approved)
            {
                await CloseAsync(context, input, round, "approved", $"{tally.Approvals} of {gate.Reviewers.Count} approved (quorum {gate.RequiredApprovals})");
                return new GateResult(true, contents, round, "approved");
            }

            string rejected = $"{tally.Rejections} of {gate.Reviewers.Count} rejected; the quorum of {gate.RequiredApprovals} cannot be reached";
            if (round >= gate.MaxRounds)
            {
                await CloseAsync(context, input, round, "rejected", $"{rejected}; no rounds left ({gate.MaxRounds})");
                return new GateResult(false, contents, round, $"rejected in all {gate.MaxRounds} review rounds");
            }

            await CloseAsync(context, input, round, "rejected", $"{rejected}; the commented elements are regenerated");
            List<ReviewerComment> comments = [.. tally.Votes.Where(v => v.Decision == ReviewDecision.Reject).SelectMany(v => v.Comments.Select(c => new ReviewerComment(v.Reviewer, c)))];
            authors.AddRange(await ReviseAsync(context, input, contents, comments));
            authors = [.. authors.Distinct(StringComparer.OrdinalIgnoreCase)];
        }
    }

    /// <summary>Votes until the round is decided or the deadline passes; votes that cannot count are logged and ignored.</summary>
    private static async Task CollectVotesAsync(TaskOrchestrationContext context, ReviewTally tally, int round, DateTime deadline)
    {
        ILogger log = context.CreateReplaySafeLogger(nameof(CustomerValidationGate));
        while (tally.Status == ReviewStatus.Pending && context.CurrentUtcDateTime < deadline)
        {
            ReviewVote vote;
            try
            {
                vote = await context.WaitForExternalEvent<ReviewVote>(ReviewEvent, deadline - context.CurrentUtcDateTime);
            }
            catch (TaskCanceledException)
            {
                break;
            }

            string? refusal = vote.Round == round ? tally.Add(vote) : $"the vote is for round {vote.Round}, not {round}";
            if (refusal is not null)
            {
                LogVoteIgnored(log, vote.Reviewer, refusal);
            }
        }
    }

    private static async Task<GateResult> TimedOutAsync(TaskOrchestrationContext context, GateInput input, List<CampaignContent> contents, int round, ReviewTally tally)
    {
        CustomerValidation gate = input.Validation;
        string late = $"no decision within {gate.TimeoutHours} h ({tally.Approvals} of {gate.RequiredApprovals} approvals)";
        switch (gate.TimeoutPolicy)
        {
            case TimeoutPolicy.Approve:
                await CloseAsync(context, input, round, "approved_on_timeout", $"{late}; the venture's policy approves");
                return new GateResult(true, contents, round, "approved_on_timeout");
            case TimeoutPolicy.Fail:
                await CloseAsync(context, input, round, "timed_out", $"{late}; the venture's policy fails the stage");
                return new GateResult(false, contents, round, $"review timed out: {late}");
            default:
                return await EscalateAsync(context, input, contents, round, late);
        }
    }

    /// <summary>The LEAD operator decides the round, with no deadline: the decision needs a person.</summary>
    private static async Task<GateResult> EscalateAsync(TaskOrchestrationContext context, GateInput input, List<CampaignContent> contents, int round, string why)
    {
        await CloseAsync(context, input, round, ReviewRound.Escalated, $"{why}; escalated to the LEAD operator");
        await context.CallActivityAsync<bool>(nameof(SetVentureState), new VentureState(input.VentureId, "review_escalated", why), Retry);
        context.SetCustomStatus(new { round, status = ReviewRound.Escalated });
        LeadDecision decision = await context.WaitForExternalEvent<LeadDecision>(LeadDecisionEvent);
        bool approved = decision.Decision == ReviewDecision.Approve;
        string outcome = approved ? "approved_by_lead" : "rejected_by_lead";
        await CloseAsync(context, input, round, outcome, $"{decision.DecidedBy}: {decision.Reason}");
        return new GateResult(approved, contents, round, outcome);
    }

    /// <summary>Regenerates every commented campaign in parallel; returns the reviewers whose texts are now in it.</summary>
    private static async Task<IEnumerable<string>> ReviseAsync(TaskOrchestrationContext context, GateInput input, List<CampaignContent> contents, List<ReviewerComment> comments)
    {
        var revisions = new List<(int Index, IReadOnlyList<ReviewerComment> Comments, Task<CampaignContent> Regenerated)>();
        for (int i = 0; i < contents.Count; i++)
        {
            string campaign = contents[i].Id;
            List<ReviewerComment> mine = [.. comments.Where(c => c.Comment.CampaignId == campaign)];
            if (mine.Count > 0)
            {
                ContentRequest request = ContentRevision.Request(input.Requests[i], contents[i], mine);
                revisions.Add((i, mine, context.CallActivityAsync<CampaignContent>(nameof(GenerateCampaignContent), request, Retry)));
            }
        }

        var authors = new List<string>();
        foreach ((int index, IReadOnlyList<ReviewerComment> mine, Task<CampaignContent> regenerated) in revisions)
        {
            (CampaignContent revised, IReadOnlyList<string> suggested) = ContentRevision.Merge(contents[index], await regenerated, mine);
            contents[index] = revised;
            authors.AddRange(suggested);
        }

        return authors;
    }

    private static Task<bool> CloseAsync(TaskOrchestrationContext context, GateInput input, int round, string status, string outcome) =>
        context.CallActivityAsync<bool>(nameof(CloseReviewRound), new CloseRoundInput(input.VentureId, round, status, outcome), Retry);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Review vote by {Reviewer} ignored: {Refusal}")]
    private static partial void LogVoteIgnored(ILogger logger, string reviewer, string refusal);
}
