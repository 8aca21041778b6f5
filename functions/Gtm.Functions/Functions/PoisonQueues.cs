using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Gtm.Functions.Declarations;
using StorageMessage = Azure.Storage.Queues.Models.QueueMessage;
using Gtm.Functions.Hosting;
using Gtm.Functions.Http;
using Gtm.Functions.Queues;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Gtm.Functions.Functions;

/// <summary>
/// Poison messages of a queue function: GET lists what is in <c>{queue}-poison</c> with its error;
/// POST .../replay (admin key) puts each message back on its queue, as it was first sent.
/// </summary>
public sealed class PoisonQueues(HostStorage storage, IOptions<QueuesOptions> options)
{
    [Function("ListPoisonMessages")]
    public async Task<IResult> ListAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "poison/{queue}")] HttpRequest request, string queue, CancellationToken cancellation)
    {
        PeekedMessage[] peeked = (await Poison(queue).PeekMessagesAsync(32, cancellation)).Value;
        return Results.Json(peeked.Select(m => Envelope(m.Body.ToString())));
    }

    [Function("ReplayPoisonMessages")]
    public async Task<IResult> ReplayAsync([HttpTrigger(AuthorizationLevel.Admin, "post", Route = "poison/{queue}/replay")] HttpRequest request, string queue, CancellationToken cancellation)
    {
        QueueClient poison = Poison(queue);
        QueueClient target = storage.Queue(HostStorage.DefaultConnection, queue, options.Value.Encoding);
        int replayed = 0;
        while (true)
        {
            StorageMessage[] batch = (await poison.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1), cancellation)).Value;
            if (batch.Length == 0)
            {
                break;
            }

            foreach (StorageMessage message in batch)
            {
                // Sent again before it is deleted: a crash in between replays it twice, never loses it.
                await target.SendMessageAsync(Envelope(message.Body.ToString())?.Body ?? message.Body.ToString(), cancellation);
                await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellation);
                replayed++;
            }
        }

        return Results.Json(new { queue, replayed });
    }

    private QueueClient Poison(string queue) => storage.Queue(HostStorage.DefaultConnection, queue + "-poison", options.Value.Encoding);

    private static PoisonEnvelope? Envelope(string body)
    {
        try
        {
            return JsonSerializer.Deserialize<PoisonEnvelope>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
