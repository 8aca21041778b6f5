using Azure.Messaging.ServiceBus;
using Gtm.ServiceBus.TestBroker.Entities;

namespace Gtm.ServiceBus.TestBroker.Tests;

[Trait("Category", "Integration")]
public sealed class RestartTests : BrokerTest
{
    protected override BrokerNamespace CreateNamespace()
    {
        var space = new BrokerNamespace();
        space.CreateQueue("durable");
        return space;
    }

    [Fact(Timeout = 90_000)]
    public async Task Messages_outlive_a_restart_and_locks_held_by_dropped_links_are_released()
    {
        await using ServiceBusSender sender = Client.CreateSender("durable");
        await sender.SendMessagesAsync([new ServiceBusMessage("held") { MessageId = "d-1" }, new ServiceBusMessage("waiting") { MessageId = "d-2" }]);
        await using ServiceBusReceiver receiver = Client.CreateReceiver("durable");
        ServiceBusReceivedMessage held = (await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10)))!;

        Broker.Stop();
        for (int wait = 0; wait < 50 && Space.Queue("durable").LockedCount > 0; wait++)
        {
            await Task.Delay(100);
        }

        Assert.Equal((2, 0), (Space.Queue("durable").ActiveCount, Space.Queue("durable").LockedCount));
        Broker.Start();

        // The lock died with its link: settling by it fails, and the message comes back counted.
        await Assert.ThrowsAsync<ServiceBusException>(() => receiver.CompleteMessageAsync(held));
        IReadOnlyList<ServiceBusReceivedMessage> after = await ReceiveAsync(receiver, 2);
        Assert.Equal([("d-1", 2), ("d-2", 1)], after.Select(m => (m.MessageId, m.DeliveryCount)).Order());
        foreach (ServiceBusReceivedMessage message in after)
        {
            await receiver.CompleteMessageAsync(message);
        }

        await sender.SendMessageAsync(new ServiceBusMessage("after") { MessageId = "d-3" });
        Assert.Equal(1, Space.Queue("durable").ActiveCount);
    }

    private static async Task<IReadOnlyList<ServiceBusReceivedMessage>> ReceiveAsync(ServiceBusReceiver receiver, int count)
    {
        var received = new List<ServiceBusReceivedMessage>();
        while (received.Count < count)
        {
            received.AddRange(await receiver.ReceiveMessagesAsync(count - received.Count, TimeSpan.FromSeconds(10)));
        }

        return received;
    }
}
