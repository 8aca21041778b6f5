using Gtm.Activities.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.Activities.Review;

/// <summary>Stores the round's content and opens the round for votes; opening it again changes nothing.</summary>
public sealed class OpenReviewRound(ReviewStore reviews, ContentStore contents) : TaskActivity<OpenRoundInput, bool>
{
    [Function(nameof(OpenReviewRound))]
    public Task<bool> Run([ActivityTrigger] OpenRoundInput input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(OpenReviewRound), instanceId), input);

    public override async Task<bool> RunAsync(TaskActivityContext context, OpenRoundInput input)
    {
        await contents.SaveDraftsAsync(input.Round, input.Contents, CancellationToken.None);
        await reviews.OpenAsync(new ReviewRound(
            input.VentureId, input.Round, input.Instance, ReviewRound.Open, input.Validation.Reviewers, input.Validation.RequiredApprovals,
            input.Authors, input.Validation.TimeoutPolicy, input.OpenedAt, input.Deadline, [.. input.Contents.Select(c => c.Id)], null), CancellationToken.None);
        return true;
    }
}
