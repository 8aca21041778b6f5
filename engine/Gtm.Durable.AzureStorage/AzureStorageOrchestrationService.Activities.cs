using System.Threading.Channels;
using Azure;
using Azure.Data.Tables;
using Gtm.Durable.Backend;
using Gtm.Durable.History;
using Microsoft.Extensions.Logging;

namespace Gtm.Durable.AzureStorage;

public sealed partial class AzureStorageOrchestrationService
{
    /// <summary>Calls unpacked from received messages, waiting for a free activity slot.</summary>
    private readonly Channel<AzureActivityWorkItem> readyActivities = Channel.CreateUnbounded<AzureActivityWorkItem>();

    /// <summary>The last failure of each call this process gave back, for the poison record.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> lastActivityErrors = new();

    public async Task<ActivityWorkItem?> LockNextActivityWorkItemAsync(CancellationToken cancellationToken)
    {
        EnsureReceiving();
        while (true)
        {
            if (readyActivities.Reader.TryRead(out AzureActivityWorkItem? ready))
            {
                return ready;
            }

            if (activityMessages.Reader.TryRead(out ReceivedMessage? message))
            {
                await UnpackCallsAsync(message, cancellationToken).ConfigureAwait(false);
                continue;
            }

            await Task.WhenAny(
                activityMessages.Reader.WaitToReadAsync(cancellationToken).AsTask(),
                readyActivities.Reader.WaitToReadAsync(cancellationToken).AsTask()).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// Turns an activity message into work items, one per call. A message that comes back (its earlier
    /// processing did not finish) is split, so each call's failures count on their own; a call that
    /// failed too often goes to the poison queue and fails in its orchestration.
    /// </summary>
    private async Task UnpackCallsAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        ActivityBatch batch;
        try
        {
            batch = ActivityBatch.FromJson(message.Body);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidDataException)
        {
            await PoisonQueueMessageAsync(message, "activities", "unreadable activity call", ex, cancellationToken).ConfigureAwait(false);
            return;
        }

        int earlierFailures = (int)message.DequeueCount - 1;
        if (earlierFailures > 0 && batch.Calls.Count > 1)
        {
            foreach (ActivityMessage call in batch.Calls)
            {
                await activitySender.AddAsync(call with { Attempts = call.Attempts + earlierFailures }).ConfigureAwait(false);
            }

            await message.DeleteAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var lease = new MessageLease(message, batch.Calls.Count, settings.WorkItemQueueVisibilityTimeout, logger);
        foreach (ActivityMessage call in batch.Calls)
        {
            string? input = call.InputBlob is null ? call.Input : await codec.Payloads.ReadBlobAsync(call.InputBlob, cancellationToken).ConfigureAwait(false);
            var request = new ActivityRequest(call.InstanceId, call.ExecutionId, call.TaskId, call.Name, input);
            int failures = call.Attempts + earlierFailures;
            if (failures >= settings.MaxDequeueCount)
            {
                await PoisonActivityAsync(request, call.Outbox, failures, message.Body, cancellationToken).ConfigureAwait(false);
                await lease.ReleaseAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            readyActivities.Writer.TryWrite(new AzureActivityWorkItem(request, lease, failures, call.Outbox));
        }
    }

    public async Task CompleteActivityWorkItemAsync(ActivityWorkItem workItem, HistoryEvent result, CancellationToken cancellationToken)
    {
        var item = (AzureActivityWorkItem)workItem;
        await DeliverResultAsync(item.Request, item.Outbox, result, cancellationToken).ConfigureAwait(false);
        lastActivityErrors.TryRemove(item.Request.MessageId, out _);
        await item.Lease.ReleaseAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Delivers a call's result. When the call's outbox row holds nothing else, the same transaction
    /// deletes it: the result proves the call was delivered, and the outbox costs no request of its own.
    /// </summary>
    private async Task DeliverResultAsync(ActivityRequest request, string? outbox, HistoryEvent result, CancellationToken cancellationToken)
    {
        var message = new InstanceMessage(request.InstanceId, request.ResultMessageId, result, request.ExecutionId);
        if (outbox is null)
        {
            await DeliverAsync(message, cancellationToken).ConfigureAwait(false);
            return;
        }

        TableEntity inbox = await codec.InboxEntityAsync(message, Now, cancellationToken).ConfigureAwait(false);
        TableTransactionAction[] both = [new(TableTransactionActionType.Add, inbox), new(TableTransactionActionType.Delete, new TableEntity(request.InstanceId, outbox), ETag.All)];
        if (!await TrySubmitAsync(both, cancellationToken).ConfigureAwait(false))
        {
            // Delivered before, or the outbox is gone already: do each part on its own.
            await AddIfAbsentAsync(inbox, cancellationToken).ConfigureAwait(false);
            await DeleteIfPresentAsync(request.InstanceId, outbox, cancellationToken).ConfigureAwait(false);
        }

        await SendWakeUpAsync(request.InstanceId, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The call comes back on a message of its own after a backoff, one failure more towards the poison limit.</summary>
    public async Task AbandonActivityWorkItemAsync(ActivityWorkItem workItem, Exception failure, CancellationToken cancellationToken)
    {
        var item = (AzureActivityWorkItem)workItem;
        lastActivityErrors[item.Request.MessageId] = failure.ToString();
        int failures = item.Failures + 1;
        await SendActivityAsync(item.Request, item.Outbox, cancellationToken, failures, TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, failures - 1)))).ConfigureAwait(false);
        await item.Lease.ReleaseAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets the call aside and fails it in its orchestration, which would otherwise wait forever.</summary>
    private async Task PoisonActivityAsync(ActivityRequest request, string? outbox, int failures, string body, CancellationToken cancellationToken)
    {
        lastActivityErrors.TryRemove(request.MessageId, out string? error);
        error ??= $"the call was received {failures + 1} times without completing (its worker may have crashed)";
        await SendPoisonAsync(new PoisonRecord(request.MessageId, "activities", request.InstanceId, $"activity '{request.Name}'", error, Now, body), cancellationToken).ConfigureAwait(false);
        var details = new TaskFailureDetails("PoisonMessage", $"Set aside after failing {failures} times: {FirstLine(error)}", error);
        await DeliverResultAsync(request, outbox, new TaskFailedEvent(Now, request.TaskId, details), cancellationToken).ConfigureAwait(false);
        LogActivityPoisoned(request.Name, request.InstanceId, failures);
    }

    /// <summary>
    /// At shutdown, calls received but never started go back: the whole message when none of its
    /// calls ran, else each unstarted call on a message of its own, so finished calls do not run again.
    /// </summary>
    private async Task HandBackActivitiesAsync()
    {
        var unstarted = new List<AzureActivityWorkItem>();
        while (readyActivities.Reader.TryRead(out AzureActivityWorkItem? item))
        {
            unstarted.Add(item);
        }

        foreach (IGrouping<MessageLease, AzureActivityWorkItem> message in unstarted.GroupBy(item => item.Lease))
        {
            if (message.Count() == message.Key.Calls)
            {
                await message.Key.Message.SetVisibilityAsync(TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            foreach (AzureActivityWorkItem item in message)
            {
                await SendActivityAsync(item.Request, item.Outbox, CancellationToken.None, item.Failures).ConfigureAwait(false);
                await item.Lease.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Activity {Name} of {InstanceId} failed {Attempts} times and was moved to the poison queue")]
    private partial void LogActivityPoisoned(string name, string instanceId, int attempts);
}
