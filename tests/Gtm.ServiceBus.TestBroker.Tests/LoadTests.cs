using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using Gtm.ServiceBus.TestBroker.Entities;

namespace Gtm.ServiceBus.TestBroker.Tests;

[Trait("Category", "Integration")]
public sealed class LoadTests : BrokerTest
{
    protected override BrokerNamespace CreateNamespace()
    {
        var space = new BrokerNamespace();
        // A short lock: a delivery the client did not take (its receive ended while the transfer was
        // on the wire) is locked until it lapses, then delivered again, as Service Bus does; enough
        // deliveries that a loaded machine's repeated misses do not dead-letter it.
        space.CreateQueue("load", new EntitySettings { DuplicateDetectionWindow = TimeSpan.FromMinutes(10), LockDuration = TimeSpan.FromSeconds(3), MaxDeliveryCount = 1000 });
        return space;
    }

    /// <summary>Short receives while sends go on: each ends by draining its credit, which the broker must honour; nothing is lost and nothing taken twice.</summary>
    [Theory(Timeout = 120_000)]
    [InlineData(ServiceBusReceiveMode.ReceiveAndDelete)]
    [InlineData(ServiceBusReceiveMode.PeekLock)]
    public async Task Messages_sent_sixteen_at_a_time_while_a_receiver_polls_all_arrive_once(ServiceBusReceiveMode mode)
    {
        await using ServiceBusSender sender = Client.CreateSender("load");
        await using ServiceBusReceiver receiver = Client.CreateReceiver("load", new ServiceBusReceiverOptions { ReceiveMode = mode });
        var received = new ConcurrentDictionary<string, int>();
        using var stop = new CancellationTokenSource();
        Task reading = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (ServiceBusReceivedMessage message in await receiver.ReceiveMessagesAsync(100, TimeSpan.FromMilliseconds(100)))
                {
                    received.AddOrUpdate(message.MessageId, 1, (_, n) => n + 1);
                    if (mode == ServiceBusReceiveMode.PeekLock)
                    {
                        await receiver.CompleteMessageAsync(message);
                    }
                }
            }
        });

        using var gate = new SemaphoreSlim(16);
        await Task.WhenAll(Enumerable.Range(0, 300).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                await sender.SendMessageAsync(new ServiceBusMessage($"m{i}") { MessageId = $"m{i}" });
            }
            finally
            {
                gate.Release();
            }
        }));

        for (int wait = 0; wait < 600 && received.Count < 300; wait++)
        {
            await Task.Delay(100);
        }

        await stop.CancelAsync();
        await reading;
        Assert.True(received.Count == 300, $"{received.Count} of 300 received; the queue holds {Space.Queue("load").ActiveCount} active and {Space.Queue("load").LockedCount} locked");
        Assert.All(received.Values, n => Assert.Equal(1, n));
        Assert.Equal((0, 0), (Space.Queue("load").ActiveCount, Space.Queue("load").LockedCount));
    }
}
