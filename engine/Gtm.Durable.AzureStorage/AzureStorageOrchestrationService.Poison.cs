using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Gtm.Durable.Backend;

namespace Gtm.Durable.AzureStorage;

public sealed partial class AzureStorageOrchestrationService
{
    /// <summary>
    /// An instance whose episodes kept failing: its visible messages go to the poison queue with the
    /// last error, and the instance fails, so nothing waits forever and nothing is dropped silently.
    /// </summary>
    private async Task PoisonInstanceAsync(PartitionRows rows, int failures, CancellationToken cancellationToken)
    {
        TableEntity stateRow = rows.State!;
        string error = stateRow.GetString("LastError") ?? "unknown error";
        List<TableEntity> visible = [.. rows.VisibleInbox(Now).Take(MaxMessagesPerEpisode)];
        foreach (TableEntity row in visible)
        {
            InstanceMessage message = await codec.ReadInboxAsync(row, cancellationToken).ConfigureAwait(false);
            await SendPoisonAsync(new PoisonRecord(
                message.MessageId, "orchestrations", message.InstanceId, message.Event.GetType().Name, error, Now,
                JsonSerializer.Serialize(message, EntityCodec.Json)), cancellationToken).ConfigureAwait(false);
        }

        InstanceState state = await codec.ReadStateAsync(stateRow, includePayloads: true, cancellationToken).ConfigureAwait(false);
        var actions = visible.Select(row => new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All)).ToList();
        if (!state.Status.IsTerminal())
        {
            InstanceState failed = state with
            {
                Status = OrchestrationRuntimeStatus.Failed,
                FailureDetails = new TaskFailureDetails("PoisonMessage", $"Set aside after failing {failures} times: {FirstLine(error)}", error),
                LastUpdatedAt = Now,
                CompletedAt = Now,
            };
            int chunks = stateRow.GetInt32("HistoryChunks") ?? 0;
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, await codec.StateEntityAsync(failed, chunks, cancellationToken).ConfigureAwait(false), stateRow.ETag));
        }

        await storage.Table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A queue message that cannot even be read: it can never succeed, so it is set aside at once.</summary>
    private async Task PoisonQueueMessageAsync(ReceivedMessage message, string queue, string description, Exception error, CancellationToken cancellationToken)
    {
        await SendPoisonAsync(new PoisonRecord(message.MessageId, queue, "", description, error.ToString(), Now, message.Body), cancellationToken).ConfigureAwait(false);
        await message.DeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task SendPoisonAsync(PoisonRecord record, CancellationToken cancellationToken)
    {
        string body = JsonSerializer.Serialize(record, EntityCodec.Json);
        if (body.Length > PayloadStore.MaxInlineChars)
        {
            string blob = await codec.Payloads.WriteBlobAsync($"poison/{record.Id}-{Guid.NewGuid():N}", body, cancellationToken).ConfigureAwait(false);
            body = JsonSerializer.Serialize(record with { Body = null, Error = Truncate(record.Error[..Math.Min(record.Error.Length, 8_000)]) + $" (full record in blob {blob})" }, EntityCodec.Json);
        }

        await storage.PoisonQueue.SendMessageAsync(body, null, NeverExpire, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PoisonMessage>> GetPoisonMessagesAsync(CancellationToken cancellationToken)
    {
        // Peeking returns at most 32 messages: the oldest ones, which are the ones to look at first.
        Azure.Storage.Queues.Models.PeekedMessage[] peeked = (await storage.PoisonQueue.PeekMessagesAsync(32, cancellationToken).ConfigureAwait(false)).Value;
        return [.. peeked
            .Select(m => JsonSerializer.Deserialize<PoisonRecord>(m.Body.ToString(), EntityCodec.Json)!)
            .Select(r => new PoisonMessage(r.Id, r.Queue, r.InstanceId, r.Description, r.Error, r.PoisonedAt))];
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
