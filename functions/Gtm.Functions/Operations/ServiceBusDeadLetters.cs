using System.Globalization;
using Azure.Messaging.ServiceBus;
using Gtm.Functions.Handoffs.ServiceBus;

namespace Gtm.Functions.Operations;

/// <summary>
/// The dead-letter sub-queue of the Service Bus intake queue, listed and replayed as the poison
/// queues are: each message with why it was dead-lettered (the app's reason and errors, or the
/// broker's MaxDeliveryCountExceeded with the last error the app recorded), and a replay that puts
/// each back on its queue as it was first sent. Without a Service Bus intake there is nothing here.
/// </summary>
public sealed class ServiceBusDeadLetters(ServiceBusClient? client, string? queue)
{
    /// <summary>The message id a replayed copy descends from.</summary>
    public const string ReplayOfProperty = "gtm_replay_of";

    private const int MaxMessageId = 128;

    /// <summary>The Service Bus intake queue, or null when the app reads none.</summary>
    public string? Queue => client is null ? null : queue;

    public async Task<IReadOnlyList<PoisonEntry>> ListAsync(CancellationToken cancellation)
    {
        (ServiceBusClient bus, string intake) = Intake();
        await using ServiceBusReceiver receiver = bus.CreateReceiver(intake, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        var entries = new List<PoisonEntry>();
        while (true)
        {
            IReadOnlyList<ServiceBusReceivedMessage> page = await receiver.PeekMessagesAsync(100, cancellationToken: cancellation).ConfigureAwait(false);
            if (page.Count == 0 || entries.Count >= 500)
            {
                return entries;
            }

            entries.AddRange(page.Select(m => Entry(intake, m)));
        }
    }

    /// <summary>
    /// Sends a copy of each message dead-lettered before the replay began to its queue, then
    /// completes it: a crash in between replays it twice, never loses it. One dead-lettered again
    /// while the replay runs waits for the next replay. The copy gets a message id of its own
    /// (the first one's, with the dead-letter sequence number), so duplicate detection on the
    /// queue does not drop it as the original sent again.
    /// </summary>
    public async Task<int> ReplayAsync(CancellationToken cancellation)
    {
        (ServiceBusClient bus, string intake) = Intake();
        await using ServiceBusReceiver receiver = bus.CreateReceiver(intake, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        await using ServiceBusSender sender = bus.CreateSender(intake);
        long? last = await LastSequenceNumberAsync(receiver, cancellation).ConfigureAwait(false);
        int replayed = 0;
        bool done = last is null;
        while (!done)
        {
            IReadOnlyList<ServiceBusReceivedMessage> batch = await receiver.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1), cancellation).ConfigureAwait(false);
            done = batch.Count == 0;
            foreach (ServiceBusReceivedMessage message in batch)
            {
                // Messages come in sequence order: from the first newer one on, the rest wait too.
                done |= message.SequenceNumber > last;
                if (done)
                {
                    await receiver.AbandonMessageAsync(message, cancellationToken: cancellation).ConfigureAwait(false);
                    continue;
                }

                await sender.SendMessageAsync(Copy(message), cancellation).ConfigureAwait(false);
                await receiver.CompleteMessageAsync(message, cancellation).ConfigureAwait(false);
                replayed++;
            }
        }

        return replayed;
    }

    private static async Task<long?> LastSequenceNumberAsync(ServiceBusReceiver receiver, CancellationToken cancellation)
    {
        long? last = null;
        while (await receiver.PeekMessagesAsync(100, cancellationToken: cancellation).ConfigureAwait(false) is { Count: > 0 } page)
        {
            last = page[^1].SequenceNumber;
        }

        return last;
    }

    private (ServiceBusClient Client, string Queue) Intake() =>
        client is not null && queue is not null ? (client, queue) : throw new InvalidOperationException("The app reads no Service Bus intake queue (app setting 'Gtm:ServiceBus:Stage16Queue').");

    private static ServiceBusMessage Copy(ServiceBusReceivedMessage message)
    {
        string original = message.ApplicationProperties.TryGetValue(ReplayOfProperty, out object? first) && first is string id ? id : message.MessageId;
        string suffix = $"-replay-{message.SequenceNumber.ToString(CultureInfo.InvariantCulture)}";
        var copy = new ServiceBusMessage(message) { MessageId = original[..Math.Min(original.Length, MaxMessageId - suffix.Length)] + suffix };
        copy.ApplicationProperties[ReplayOfProperty] = original;
        foreach (string property in new[] { "DeadLetterReason", "DeadLetterErrorDescription", ServiceBusStage16Intake.LastErrorProperty, ServiceBusStage16Intake.FailedAtProperty })
        {
            copy.ApplicationProperties.Remove(property);
        }

        return copy;
    }

    private static PoisonEntry Entry(string queue, ServiceBusReceivedMessage message)
    {
        string error = message.DeadLetterReason ?? "dead-lettered";
        if (message.DeadLetterErrorDescription is { Length: > 0 } description)
        {
            error += ": " + description;
        }

        // A message that failed every delivery carries the last failure the intake recorded.
        if (!error.StartsWith(ServiceBusStage16Intake.InvalidReason, StringComparison.Ordinal) && message.ApplicationProperties.TryGetValue(ServiceBusStage16Intake.LastErrorProperty, out object? last))
        {
            error += $" Last error: {last}";
        }

        DateTimeOffset? failedAt = message.ApplicationProperties.TryGetValue(ServiceBusStage16Intake.FailedAtProperty, out object? at)
            && DateTimeOffset.TryParse(at as string, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTimeOffset parsed) ? parsed : null;
        return new PoisonEntry(queue, message.MessageId, message.Body.ToString(), message.DeliveryCount, error, failedAt);
    }
}
