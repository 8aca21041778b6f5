using System.Threading.Channels;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Gtm.Durable.Backend;
using Microsoft.Extensions.Logging;

namespace Gtm.Durable.AzureStorage;

/// <summary>
/// Receives batches from one queue into a channel. An empty receive doubles the wait, from a few
/// milliseconds up to the configured maximum; a message this process sends to the queue resets it.
/// </summary>
internal sealed partial class QueuePoller(
    QueueClient queue,
    ChannelWriter<ReceivedMessage> output,
    int batchSize,
    TimeSpan visibilityTimeout,
    TimeSpan maxPollingInterval,
    ILogger logger)
{
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(5);
    private readonly AsyncSignal reset = new();

    public QueueClient Queue => queue;

    /// <summary>Something was sent to this queue by this process: poll again now.</summary>
    public void Reset() => reset.Pulse();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await PollAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: messages already received are handed back by the owner of the channel.
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        TimeSpan wait = MinPollingInterval;
        while (!cancellationToken.IsCancellationRequested)
        {
            Task resetSignal = reset.NextAsync();

            QueueMessage[] messages;
            try
            {
                messages = (await queue.ReceiveMessagesAsync(batchSize, visibilityTimeout, cancellationToken).ConfigureAwait(false)).Value;
            }
            catch (Exception ex) when (ex is RequestFailedException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // A storage error or a request that timed out: a receive the server did perform makes
                // its messages reappear after their visibility timeout, so nothing is lost.
                LogReceiveFailed(ex, queue.Name);
                messages = [];
            }

            foreach (QueueMessage message in messages)
            {
                await output.WriteAsync(new ReceivedMessage(queue, message), cancellationToken).ConfigureAwait(false);
            }

            if (messages.Length > 0)
            {
                wait = MinPollingInterval;
                continue;
            }

            await Task.WhenAny(resetSignal, Task.Delay(wait, cancellationToken)).ConfigureAwait(false);
            wait = resetSignal.IsCompleted ? MinPollingInterval : TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, maxPollingInterval.Ticks));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receiving from queue {Queue} failed")]
    private partial void LogReceiveFailed(Exception error, string queue);
}
