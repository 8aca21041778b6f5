using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Gtm.Activities.Storage;

namespace Gtm.Functions.Operations;

/// <summary>What the app sets aside in <c>{queue}-poison</c>: the original body, with why and when.</summary>
public sealed record PoisonEnvelope(string Queue, string MessageId, string Body, long DequeueCount, string Error, DateTimeOffset FailedAt);

/// <summary>A message in a poison queue as the API shows it; <see cref="Error"/> is null for one the host moved there after its retries.</summary>
public sealed record PoisonEntry(string Queue, string MessageId, string Body, long? DequeueCount, string? Error, DateTimeOffset? FailedAt);

/// <summary>
/// The poison queues of the app's queue functions. A message lands in <c>{queue}-poison</c> two
/// ways: the host moves it there, as it was, once it has failed <c>maxDequeueCount</c> times; or
/// the function sets it aside at once with its errors, when no retry could mend it (invalid input).
/// Either kind is listed and can be replayed onto its queue as it was first sent.
/// </summary>
public sealed class PoisonMessages(GtmStorage storage, TimeProvider time)
{
    public async Task SetAsideAsync(string queue, QueueMessage message, string error, CancellationToken cancellation)
    {
        QueueClient poison = Poison(queue);
        await poison.CreateIfNotExistsAsync(cancellationToken: cancellation).ConfigureAwait(false);
        var envelope = new PoisonEnvelope(queue, message.MessageId, message.Body.ToString(), message.DequeueCount, error, time.GetUtcNow());
        await poison.SendMessageAsync(JsonSerializer.Serialize(envelope, JsonSerializerOptions.Web), cancellation).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PoisonEntry>> ListAsync(string queue, CancellationToken cancellation)
    {
        QueueClient poison = Poison(queue);
        if (!await poison.ExistsAsync(cancellation).ConfigureAwait(false))
        {
            return [];
        }

        PeekedMessage[] peeked = (await poison.PeekMessagesAsync(32, cancellation).ConfigureAwait(false)).Value;
        return [.. peeked.Select(m => Entry(queue, m.MessageId, m.Body.ToString()))];
    }

    /// <summary>Puts every poison message back on its queue; each is sent again before it is deleted, so a crash in between replays it twice, never loses it.</summary>
    public async Task<int> ReplayAsync(string queue, CancellationToken cancellation)
    {
        QueueClient poison = Poison(queue);
        if (!await poison.ExistsAsync(cancellation).ConfigureAwait(false))
        {
            return 0;
        }

        QueueClient target = storage.Queue(queue);
        int replayed = 0;
        while (true)
        {
            QueueMessage[] batch = (await poison.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1), cancellation).ConfigureAwait(false)).Value;
            if (batch.Length == 0)
            {
                return replayed;
            }

            foreach (QueueMessage message in batch)
            {
                await target.SendMessageAsync(Entry(queue, message.MessageId, message.Body.ToString()).Body, cancellation).ConfigureAwait(false);
                await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellation).ConfigureAwait(false);
                replayed++;
            }
        }
    }

    private QueueClient Poison(string queue) => storage.Queue(queue + "-poison");

    private static PoisonEntry Entry(string queue, string messageId, string body)
    {
        try
        {
            if (JsonSerializer.Deserialize<PoisonEnvelope>(body, JsonSerializerOptions.Web) is { Error: not null } envelope)
            {
                return new PoisonEntry(queue, envelope.MessageId, envelope.Body, envelope.DequeueCount, envelope.Error, envelope.FailedAt);
            }
        }
        catch (JsonException)
        {
            // Not an envelope: a message the host moved here as it was.
        }

        return new PoisonEntry(queue, messageId, body, null, null, null);
    }
}
