using Azure;
using Azure.Core.Serialization;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Gtm.LocalRunner.Catalog;
using Gtm.LocalRunner.Invocation;
using Gtm.LocalRunner.Settings;
using Gtm.LocalRunner.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StorageMessage = Azure.Storage.Queues.Models.QueueMessage;

namespace Gtm.LocalRunner.Queues;

/// <summary>
/// Runs queue functions as the Functions host does: batches of <c>batchSize</c>, a new batch once
/// no more than <c>newBatchThreshold</c> run, each message kept hidden while its function runs,
/// deleted on success, retried after <c>visibilityTimeout</c> on failure, and moved to
/// <c>{queue}-poison</c>, as it was, once it has failed <c>maxDequeueCount</c> times.
/// On shutdown it stops receiving and finishes what it holds.
/// </summary>
internal sealed partial class QueueTriggerService(
    FunctionCatalog catalog,
    FunctionInvoker invoker,
    HostStorage storage,
    IOptions<QueuesOptions> options,
    Microsoft.Extensions.Configuration.IConfiguration configuration,
    IOptions<WorkerOptions> worker,
    TimeProvider time,
    ILogger<QueueTriggerService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(catalog.OfTrigger<QueueTriggerAttribute>().Select(q => Task.Run(() => ListenAsync(q.Function, q.Trigger, stoppingToken), CancellationToken.None)));

    private async Task ListenAsync(FunctionDescriptor function, QueueTriggerAttribute trigger, CancellationToken stopping)
    {
        QueuesOptions settings = options.Value;
        string name = AppSettings.Resolve(trigger.QueueName, configuration, $"Queue function '{function.Name}'");
        QueueClient queue = storage.Queue(trigger.Connection ?? HostStorage.DefaultConnection, name, settings.Encoding);
        QueueClient poison = storage.Queue(trigger.Connection ?? HostStorage.DefaultConnection, name + "-poison", settings.Encoding);
        await queue.CreateIfNotExistsAsync(cancellationToken: stopping).ConfigureAwait(false);
        await poison.CreateIfNotExistsAsync(cancellationToken: stopping).ConfigureAwait(false);
        var running = new List<Task>();
        var inFlight = new System.Collections.Concurrent.ConcurrentDictionary<string, MessageReceipt>(StringComparer.Ordinal);
        TimeSpan wait = TimeSpan.FromMilliseconds(50);
        while (!stopping.IsCancellationRequested)
        {
            running.RemoveAll(t => t.IsCompleted);
            if (running.Count > settings.EffectiveNewBatchThreshold)
            {
                await Task.WhenAny(running).ConfigureAwait(false);
                continue;
            }

            StorageMessage[] batch;
            try
            {
                batch = (await queue.ReceiveMessagesAsync(settings.BatchSize, settings.ProcessingLease, stopping).ConfigureAwait(false)).Value;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is RequestFailedException or FormatException || (ex is OperationCanceledException && !stopping.IsCancellationRequested))
            {
                // Storage trouble or a timed-out receive: its messages reappear after their visibility timeout.
                LogReceiveFailed(ex, name);
                batch = [];
            }

            foreach (StorageMessage message in batch)
            {
                // Received again while it still runs here (a renewal came late): the running copy
                // takes the new receipt instead of the function running twice. A copy already
                // settling (made visible again for a retry) has finished: this is its next run.
                if (inFlight.TryGetValue(message.MessageId, out MessageReceipt? current) && !current.Settling)
                {
                    current.PopReceipt = message.PopReceipt;
                    continue;
                }

                var receipt = new MessageReceipt(message.MessageId, message.PopReceipt);
                inFlight[message.MessageId] = receipt;
                running.Add(ProcessAsync(function, queue, poison, message, receipt).ContinueWith(_ => inFlight.TryRemove(KeyValuePair.Create(message.MessageId, receipt)), TaskScheduler.Default));
            }

            if (batch.Length > 0)
            {
                wait = TimeSpan.FromMilliseconds(50);
                continue;
            }

            try
            {
                await Task.Delay(wait, time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, settings.MaxPollingInterval.Ticks));
        }

        // Received messages are finished, not dropped: stopping waits for them.
        await Task.WhenAll(running).ConfigureAwait(false);
    }

    /// <summary>One message: hidden while it runs (renewed), then deleted, retried later, or set aside as poison.</summary>
    private async Task ProcessAsync(FunctionDescriptor function, QueueClient queue, QueueClient poison, StorageMessage message, MessageReceipt receipt)
    {
        QueuesOptions settings = options.Value;
        using var renewing = new CancellationTokenSource();
        Task renewal = KeepHiddenAsync(queue, receipt, settings.ProcessingLease, renewing.Token);
        Exception? failure = null;
        try
        {
            await invoker.InvokeAsync(function, Payload(function, message), BindingData(message), null, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Whatever the function threw decides retry or poison; the invoker has logged it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            failure = ex;
        }
        finally
        {
            await renewing.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(false);
        }

        receipt.Settling = true;
        try
        {
            if (failure is null)
            {
                await queue.DeleteMessageAsync(receipt.Id, receipt.PopReceipt).ConfigureAwait(false);
            }
            else if (message.DequeueCount >= settings.MaxDequeueCount)
            {
                await poison.SendMessageAsync(message.Body).ConfigureAwait(false);
                await queue.DeleteMessageAsync(receipt.Id, receipt.PopReceipt).ConfigureAwait(false);
                LogPoisoned(function.Name, message.MessageId, queue.Name + "-poison", message.DequeueCount);
            }
            else
            {
                await queue.UpdateMessageAsync(receipt.Id, receipt.PopReceipt, visibilityTimeout: settings.VisibilityTimeout).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (IsStorageTrouble(ex))
        {
            // The message lapsed and was received again elsewhere, or storage did not answer:
            // the message reappears and its next run decides.
            LogSettleFailed(ex, message.MessageId, queue.Name);
        }
    }

    /// <summary>
    /// Renews every third of the lease; a failed renewal is tried again with whatever receipt is newest.
    /// A renewal under way when the function finishes is let finish, not cancelled: the server may
    /// already have issued a new receipt, and settling with the old one would fail.
    /// </summary>
    private async Task KeepHiddenAsync(QueueClient queue, MessageReceipt receipt, TimeSpan lease, CancellationToken finished)
    {
        while (true)
        {
            try
            {
                await Task.Delay(lease / 3, time, finished).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                UpdateReceipt update = await queue.UpdateMessageAsync(receipt.Id, receipt.PopReceipt, visibilityTimeout: lease, cancellationToken: CancellationToken.None).ConfigureAwait(false);
                receipt.PopReceipt = update.PopReceipt;
            }
            catch (Exception ex) when (IsStorageTrouble(ex))
            {
                // The next renewal, or the settlement, tries again with the newest receipt.
                LogSettleFailed(ex, receipt.Id, queue.Name);
            }
        }
    }

    /// <summary>The message as the trigger parameter's type: the queue message itself, its text or bytes, or a POCO read from its JSON with the app's serializer.</summary>
    private object? Payload(FunctionDescriptor function, StorageMessage message)
    {
        Type type = function.TriggerParameter.ParameterType;
        return type == typeof(StorageMessage) ? message
            : type == typeof(string) ? message.Body.ToString()
            : type == typeof(BinaryData) ? message.Body
            : type == typeof(byte[]) ? message.Body.ToArray()
            : (worker.Value.Serializer ?? JsonObjectSerializer.Default).Deserialize(message.Body.ToStream(), type, CancellationToken.None);
    }

    /// <summary>The trigger's metadata, bindable by parameter name as in Azure Functions.</summary>
    private static Dictionary<string, object?> BindingData(StorageMessage message) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["Id"] = message.MessageId,
        ["DequeueCount"] = message.DequeueCount,
        ["InsertionTime"] = message.InsertedOn,
        ["ExpirationTime"] = message.ExpiresOn,
        ["NextVisibleTime"] = message.NextVisibleOn,
        ["PopReceipt"] = message.PopReceipt,
        ["QueueTrigger"] = message.Body.ToString(),
    };

    /// <summary>A refusal, a client timeout, or retries exhausted on either.</summary>
    private static bool IsStorageTrouble(Exception ex) => ex is RequestFailedException or OperationCanceledException or AggregateException;

    /// <summary>A message's id and newest pop receipt, shared by its processing and renewal.</summary>
    private sealed class MessageReceipt(string id, string popReceipt)
    {
        public string Id { get; } = id;

        public string PopReceipt { get => Volatile.Read(ref popReceipt); set => Volatile.Write(ref popReceipt, value); }

        /// <summary>The function has finished with it: deleted, poisoned or made visible for a retry.</summary>
        public bool Settling { get => Volatile.Read(ref settling); set => Volatile.Write(ref settling, value); }

        private bool settling;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receiving from queue {Queue} failed")]
    private partial void LogReceiveFailed(Exception error, string queue);

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {FunctionName}: message {MessageId} moved to {PoisonQueue} after {DequeueCount} attempts")]
    private partial void LogPoisoned(string functionName, string messageId, string poisonQueue, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} on {Queue} could not be settled")]
    private partial void LogSettleFailed(Exception error, string messageId, string queue);
}
