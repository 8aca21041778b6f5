using Gtm.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Gtm.Functions.Operations;

/// <summary>
/// Poison messages of a queue function: GET lists what is in <c>{queue}-poison</c> with its error;
/// POST .../replay (admin key) puts each message back on its queue, as it was first sent.
/// </summary>
public sealed class PoisonQueues(PoisonMessages poison)
{
    [Function("ListPoisonMessages")]
    public async Task<IResult> ListAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "poison/{queue}")] HttpRequest request, string queue, CancellationToken cancellation) =>
        IsQueueName(queue) ? Results.Json(await poison.ListAsync(queue, cancellation)) : InvalidName(queue);

    [Function("ReplayPoisonMessages")]
    public async Task<IResult> ReplayAsync([HttpTrigger(AuthorizationLevel.Admin, "post", Route = "poison/{queue}/replay")] HttpRequest request, string queue, CancellationToken cancellation) =>
        IsQueueName(queue) ? Results.Json(new { queue, replayed = await poison.ReplayAsync(queue, cancellation) }) : InvalidName(queue);

    /// <summary>Azure's queue names: 3 to 63 lower-case letters, digits and single hyphens (the poison suffix takes 7).</summary>
    private static bool IsQueueName(string queue) =>
        queue.Length is >= 3 and <= 56 && queue.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && char.IsAsciiLetterOrDigit(queue[0]) && char.IsAsciiLetterOrDigit(queue[^1]) && !queue.Contains("--", StringComparison.Ordinal);

    private static IResult InvalidName(string queue) =>
        Problems.Result(StatusCodes.Status400BadRequest, "Invalid queue name", $"'{queue}' is not a storage queue name (3 to 56 lower-case letters, digits and single hyphens).");
}
