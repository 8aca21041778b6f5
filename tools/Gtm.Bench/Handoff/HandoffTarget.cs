using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace Gtm.Bench.Handoff;

/// <summary>
/// Stage 18's side of the benchmark: takes each handoff off the target as soon as it is there and
/// notes when, against the moment the stage exited (the handoff's <c>handed_off_at</c>).
/// </summary>
internal sealed class HandoffTarget : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset HandedOffAt, DateTimeOffset Arrived)> arrivals = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stop = new();
    private readonly Task reading;

    private HandoffTarget(Func<CancellationToken, Task<IReadOnlyList<string>>> take)
    {
        reading = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                IReadOnlyList<string> bodies;
                try
                {
                    bodies = await take(stop.Token);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex) when (ex is Azure.RequestFailedException or ServiceBusException or TimeoutException)
                {
                    // One failed read does not end the measurement: what never arrives shows as missing at the end.
                    Report.Note($"reading the target failed, reading on: {ex.Message}");
                    await Task.Delay(100);
                    continue;
                }

                DateTimeOffset now = DateTimeOffset.UtcNow;
                foreach (string body in bodies)
                {
                    using JsonDocument handoff = JsonDocument.Parse(body);
                    arrivals.TryAdd(handoff.RootElement.GetProperty("message_id").GetString()!, (handoff.RootElement.GetProperty("handed_off_at").GetDateTimeOffset(), now));
                }
            }
        });
    }

    public int Count => arrivals.Count;

    public static HandoffTarget On(QueueClient queue) => new(async cancellation =>
    {
        QueueMessage[] batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30), cancellation)).Value;
        await Task.WhenAll(batch.Select(m => queue.DeleteMessageAsync(m.MessageId, m.PopReceipt, cancellation)));
        if (batch.Length == 0)
        {
            await Task.Delay(10, cancellation);
        }

        return [.. batch.Select(m => m.Body.ToString())];
    });

    /// <summary>Peek-lock, completing what it took: a read that fails leaves its messages on the queue for the next.</summary>
    public static HandoffTarget On(ServiceBusReceiver receiver) => new(async cancellation =>
    {
        IReadOnlyList<ServiceBusReceivedMessage> batch = await receiver.ReceiveMessagesAsync(100, TimeSpan.FromMilliseconds(200), cancellation);
        await Task.WhenAll(batch.Select(m => receiver.CompleteMessageAsync(m, cancellation)));
        return [.. batch.Select(m => m.Body.ToString())];
    });

    /// <summary>Waits for the handoffs with these message ids, then gives each one's latency in milliseconds and the last arrival.</summary>
    public async Task<(List<double> LatenciesMs, DateTimeOffset LastArrival)> WaitForAsync(IReadOnlyCollection<string> messageIds, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (!messageIds.All(arrivals.ContainsKey))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{messageIds.Count(id => !arrivals.ContainsKey(id))} of {messageIds.Count} handoffs did not reach the target within {timeout}.");
            }

            await Task.Delay(20);
        }

        var arrived = messageIds.Select(id => arrivals[id]).ToList();
        return ([.. arrived.Select(a => (a.Arrived - a.HandedOffAt).TotalMilliseconds)], arrived.Max(a => a.Arrived));
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await reading;
        stop.Dispose();
    }
}
