using Gtm.Activities.Storage;
using Gtm.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;

namespace Gtm.Functions.Operations;

/// <summary>Who replays poison messages and why, for the audit log.</summary>
public sealed record ReplayRequest(string? RequestedBy, string? Reason);

/// <summary>
/// Poison messages of the app's queue functions: GET lists what is in <c>{queue}-poison</c> with its
/// error, for one queue or for every queue the app reads; POST .../replay (admin key, with who and
/// why, audited) puts each message back on its queue, as it was first sent.
/// </summary>
public sealed class PoisonQueues(PoisonMessages poison, AuditLog audit, IConfiguration configuration, TimeProvider time)
{
    [Function("ListPoisonQueues")]
    public async Task<IResult> ListAllAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/poison")] HttpRequest request, CancellationToken cancellation)
    {
        var queues = new List<object>();
        foreach (string queue in new[] { configuration["Gtm:Stage16Queue"], configuration["Gtm:Stage18Queue"] }.OfType<string>().Distinct())
        {
            queues.Add(new { queue, messages = await poison.ListAsync(queue, cancellation) });
        }

        return Results.Json(queues);
    }

    [Function("ListPoisonMessages")]
    public async Task<IResult> ListAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/poison/{queue}")] HttpRequest request, string queue, CancellationToken cancellation) =>
        IsQueueName(queue) ? Results.Json(await poison.ListAsync(queue, cancellation)) : InvalidName(queue);

    [Function("ReplayPoisonMessages")]
    public async Task<IResult> ReplayAsync([HttpTrigger(AuthorizationLevel.Admin, "post", Route = "api/poison/{queue}/replay")] HttpRequest request, string queue, CancellationToken cancellation)
    {
        if (!IsQueueName(queue))
        {
            return InvalidName(queue);
        }

        (ReplayRequest? body, string? unreadable) = await JsonBody.ReadAsAsync<ReplayRequest>(request, cancellation);
        if (body is not { RequestedBy: { Length: > 0 } who, Reason: { Length: > 0 } why })
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "Invalid replay request", $"The body must be JSON saying who replays (requested_by) and why (reason){(unreadable is null ? "" : ": " + unreadable)}.");
        }

        int replayed = await poison.ReplayAsync(queue, cancellation);
        await audit.AppendAsync(new AuditEntry(AuditLog.AppWide, who, $"replayed {replayed} poison message(s) onto {queue}", why, time.GetUtcNow()), cancellation);
        return Results.Json(new { queue, replayed });
    }

    /// <summary>Azure's queue names: 3 to 63 lower-case letters, digits and single hyphens (the poison suffix takes 7).</summary>
    private static bool IsQueueName(string queue) =>
        queue.Length is >= 3 and <= 56 && queue.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && char.IsAsciiLetterOrDigit(queue[0]) && char.IsAsciiLetterOrDigit(queue[^1]) && !queue.Contains("--", StringComparison.Ordinal);

    private static IResult InvalidName(string queue) =>
        Problems.Result(StatusCodes.Status400BadRequest, "Invalid queue name", $"'{queue}' is not a storage queue name (3 to 56 lower-case letters, digits and single hyphens).");
}
