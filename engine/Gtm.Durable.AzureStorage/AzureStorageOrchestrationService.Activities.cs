using System.Text.Json;
using Gtm.Durable.Backend;
using Gtm.Durable.History;
using Microsoft.Extensions.Logging;

namespace Gtm.Durable.AzureStorage;

public sealed partial class AzureStorageOrchestrationService
{
    public async Task<ActivityWorkItem?> LockNextActivityWorkItemAsync(CancellationToken cancellationToken)
    {
        EnsureReceiving();
        while (true)
        {
            ReceivedMessage message = await activityMessages.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            ActivityMessage? call;
            try
            {
                call = JsonSerializer.Deserialize<ActivityMessage>(message.Body, EntityCodec.Json);
            }
            catch (JsonException ex)
            {
                await PoisonQueueMessageAsync(message, "activities", "unreadable activity call", ex, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (call is null)
            {
                continue;
            }

            string? input = call.InputBlob is null ? call.Input : await codec.Payloads.ReadBlobAsync(call.InputBlob, cancellationToken).ConfigureAwait(false);
            var request = new ActivityRequest(call.InstanceId, call.ExecutionId, call.TaskId, call.Name, input);
            if (message.DequeueCount > settings.MaxDequeueCount)
            {
                await PoisonActivityAsync(request, message, cancellationToken).ConfigureAwait(false);
                continue;
            }

            return new AzureActivityWorkItem(request, message, settings.WorkItemQueueVisibilityTimeout, logger);
        }
    }

    public async Task CompleteActivityWorkItemAsync(ActivityWorkItem workItem, HistoryEvent result, CancellationToken cancellationToken)
    {
        var item = (AzureActivityWorkItem)workItem;
        await item.StopRenewingAsync().ConfigureAwait(false);
        ActivityRequest request = item.Request;
        await DeliverAsync(new InstanceMessage(request.InstanceId, request.ResultMessageId, result, request.ExecutionId), cancellationToken).ConfigureAwait(false);
        await item.Message.DeleteAsync(cancellationToken).ConfigureAwait(false);
        LastActivityErrors.TryRemove(item.Message.MessageId, out _);
    }

    public async Task AbandonActivityWorkItemAsync(ActivityWorkItem workItem, Exception failure, CancellationToken cancellationToken)
    {
        var item = (AzureActivityWorkItem)workItem;
        await item.StopRenewingAsync().ConfigureAwait(false);
        LastActivityErrors[item.Message.MessageId] = failure.ToString();
        TimeSpan backoff = TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, Math.Max(0, item.Message.DequeueCount - 1))));
        await item.Message.SetVisibilityAsync(backoff, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The last failure of each activity message this process gave back, for the poison record.</summary>
    private System.Collections.Concurrent.ConcurrentDictionary<string, string> LastActivityErrors { get; } = new();

    /// <summary>Sets the call aside and fails it in its orchestration, which would otherwise wait forever.</summary>
    private async Task PoisonActivityAsync(ActivityRequest request, ReceivedMessage message, CancellationToken cancellationToken)
    {
        LastActivityErrors.TryRemove(message.MessageId, out string? error);
        error ??= $"the call was received {message.DequeueCount} times without completing (its worker may have crashed)";
        await SendPoisonAsync(new PoisonRecord(request.MessageId, "activities", request.InstanceId, $"activity '{request.Name}'", error, Now, message.Body), cancellationToken).ConfigureAwait(false);
        var failure = new TaskFailureDetails("PoisonMessage", $"Set aside after failing {message.DequeueCount - 1} times: {FirstLine(error)}", error);
        var failed = new TaskFailedEvent(Now, request.TaskId, failure);
        await DeliverAsync(new InstanceMessage(request.InstanceId, request.ResultMessageId, failed, request.ExecutionId), cancellationToken).ConfigureAwait(false);
        await message.DeleteAsync(cancellationToken).ConfigureAwait(false);
        LogActivityPoisoned(request.Name, request.InstanceId, message.DequeueCount - 1);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Activity {Name} of {InstanceId} failed {Attempts} times and was moved to the poison queue")]
    private partial void LogActivityPoisoned(string name, string instanceId, long attempts);
}
