using Azure.Messaging.ServiceBus;
using Gtm.Activities.Storage;
using Gtm.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;

namespace Gtm.Functions.Operations;

/// <summary>Who replays poison messages and why, for the audit log.</summary>
public sealed record ReplayRequest(string? RequestedBy, string? Reason);

/// <summary>A queue's set-aside messages as the list shows them: where they are held, on which transport; <see cref="Unavailable"/> says why none could be read.</summary>
public sealed record PoisonQueue(string Queue, string Transport, string HeldIn, IReadOnlyList<PoisonEntry> Messages, string? Unavailable = null)
{
    public const string StorageQueues = "storage_queues";
    public const string ServiceBus = "service_bus";
}

/// <summary>
/// Poison messages of the app's queues: GET lists what is in <c>{queue}-poison</c> with its error,
/// for one queue or for every queue the app reads, and what is in the dead-letter sub-queue of its
/// Service Bus intake queue (<c>.../service-bus/{queue}</c>); POST .../replay (admin key, with who
/// and why, audited) puts each message back on its queue, as it was first sent.
/// </summary>
public sealed class PoisonQueues(PoisonMessages poison, ServiceBusDeadLetters deadLetters, AuditLog audit, IConfiguration configuration, TimeProvider time)
{
    [Function("ListPoisonQueues")]
    public async Task<IResult> ListAllAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/poison")] HttpRequest request, CancellationToken cancellation)
    {
        var queues = new List<PoisonQueue>();
        foreach (string queue in new[] { configuration["Gtm:Stage16Queue"], configuration["Gtm:Stage18Queue"] }.OfType<string>().Distinct())
        {
            queues.Add(new PoisonQueue(queue, PoisonQueue.StorageQueues, queue + "-poison", await poison.ListAsync(queue, cancellation)));
        }

        if (deadLetters.Queue is { } intake)
        {
            queues.Add(await DeadLetteredAsync(intake, cancellation));
        }

        return Results.Json(queues);
    }

    /// <summary>The intake's dead letters; a namespace that does not answer in time leaves the storage queues' list standing and says so.</summary>
    private async Task<PoisonQueue> DeadLetteredAsync(string intake, CancellationToken cancellation)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        patience.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            return new PoisonQueue(intake, PoisonQueue.ServiceBus, intake + "/$deadletterqueue", await deadLetters.ListAsync(patience.Token));
        }
        catch (Exception ex) when (ex is ServiceBusException or UnauthorizedAccessException || (ex is OperationCanceledException && !cancellation.IsCancellationRequested))
        {
            return new PoisonQueue(intake, PoisonQueue.ServiceBus, intake + "/$deadletterqueue", [], $"Service Bus did not answer: {ex.Message}");
        }
    }

    [Function("ListDeadLetteredMessages")]
    public async Task<IResult> ListDeadLetteredAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/poison/service-bus/{queue}")] HttpRequest request, string queue, CancellationToken cancellation) =>
        IsIntake(queue) ? Results.Json(await deadLetters.ListAsync(cancellation)) : NotIntake(queue);

    [Function("ReplayDeadLetteredMessages")]
    public async Task<IResult> ReplayDeadLetteredAsync([HttpTrigger(AuthorizationLevel.Admin, "post", Route = "api/poison/service-bus/{queue}/replay")] HttpRequest request, string queue, CancellationToken cancellation) =>
        IsIntake(queue)
            ? await ReplayAuditedAsync(request, queue, () => deadLetters.ReplayAsync(cancellation), n => $"replayed {n} dead-lettered message(s) onto Service Bus queue {queue}", cancellation)
            : NotIntake(queue);

    [Function("ListPoisonMessages")]
    public async Task<IResult> ListAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/poison/{queue}")] HttpRequest request, string queue, CancellationToken cancellation) =>
        IsQueueName(queue) ? Results.Json(await poison.ListAsync(queue, cancellation)) : InvalidName(queue);

    [Function("ReplayPoisonMessages")]
    public async Task<IResult> ReplayAsync([HttpTrigger(AuthorizationLevel.Admin, "post", Route = "api/poison/{queue}/replay")] HttpRequest request, string queue, CancellationToken cancellation) =>
        IsQueueName(queue)
            ? await ReplayAuditedAsync(request, queue, () => poison.ReplayAsync(queue, cancellation), n => $"replayed {n} poison message(s) onto {queue}", cancellation)
            : InvalidName(queue);

    /// <summary>Reads who replays and why, replays, and records it in the app-wide audit log.</summary>
    private async Task<IResult> ReplayAuditedAsync(HttpRequest request, string queue, Func<Task<int>> replay, Func<int, string> action, CancellationToken cancellation)
    {
        (ReplayRequest? body, string? unreadable) = await JsonBody.ReadAsAsync<ReplayRequest>(request, cancellation);
        if (body is not { RequestedBy: { Length: > 0 } requestedBy, Reason: { Length: > 0 } reason })
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "Invalid replay request", $"The body must be JSON saying who replays (requested_by) and why (reason){(unreadable is null ? "" : ": " + unreadable)}.");
        }

        int replayed = await replay();
        await audit.AppendAsync(new AuditEntry(AuditLog.AppWide, requestedBy, action(replayed), reason, time.GetUtcNow()), cancellation);
        return Results.Json(new { queue, replayed });
    }

    private bool IsIntake(string queue) => deadLetters.Queue is { } intake && string.Equals(queue, intake, StringComparison.OrdinalIgnoreCase);

    private IResult NotIntake(string queue) => Problems.Result(StatusCodes.Status404NotFound, "Not a Service Bus intake queue",
        deadLetters.Queue is { } intake ? $"'{queue}' is not the app's Service Bus intake queue ('{intake}')." : "The app reads no Service Bus intake queue (app setting 'Gtm:ServiceBus:Stage16Queue').");

    /// <summary>Azure's queue names: 3 to 63 lower-case letters, digits and single hyphens (the poison suffix takes 7).</summary>
    private static bool IsQueueName(string queue) =>
        queue.Length is >= 3 and <= 56 && queue.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && char.IsAsciiLetterOrDigit(queue[0]) && char.IsAsciiLetterOrDigit(queue[^1]) && !queue.Contains("--", StringComparison.Ordinal);

    private static IResult InvalidName(string queue) =>
        Problems.Result(StatusCodes.Status400BadRequest, "Invalid queue name", $"'{queue}' is not a storage queue name (3 to 56 lower-case letters, digits and single hyphens).");
}
