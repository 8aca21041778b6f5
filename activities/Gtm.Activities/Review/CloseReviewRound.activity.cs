using Gtm.Activities.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.Activities.Review;

/// <summary>Records how a round ended; votes arriving afterwards are refused by the API.</summary>
public sealed class CloseReviewRound(ReviewStore reviews) : TaskActivity<CloseRoundInput, bool>
{
    [Function(nameof(CloseReviewRound))]
    public Task<bool> Run([ActivityTrigger] CloseRoundInput input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(CloseReviewRound), instanceId), input);

    public override async Task<bool> RunAsync(TaskActivityContext context, CloseRoundInput input)
    {
        await reviews.SetStatusAsync(input.VentureId, input.Round, input.Status, input.Outcome, CancellationToken.None);
        return true;
    }
}
