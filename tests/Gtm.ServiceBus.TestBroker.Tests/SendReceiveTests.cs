using Azure.Messaging.ServiceBus;
using Gtm.ServiceBus.TestBroker.Entities;

namespace Gtm.ServiceBus.TestBroker.Tests;

[Trait("Category", "Integration")]
public sealed class SendReceiveTests : BrokerTest
{
    protected override BrokerNamespace CreateNamespace()
    {
        var space = new BrokerNamespace();
        space.CreateQueue("orders", new EntitySettings { MaxDeliveryCount = 3 });
        space.CreateTopic("events", ["audit", "billing"]);
        return space;
    }

    [Fact(Timeout = 60_000)]
    public async Task A_sent_message_is_received_under_lock_with_its_properties_and_completed()
    {
        await using ServiceBusSender sender = Client.CreateSender("orders");
        await sender.SendMessageAsync(new ServiceBusMessage("{\"a\":1}") { MessageId = "m-1", CorrelationId = "c-1", Subject = "order", ApplicationProperties = { ["version"] = "2" } });

        await using ServiceBusReceiver receiver = Client.CreateReceiver("orders");
        ServiceBusReceivedMessage received = (await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10)))!;
        Assert.Equal(("m-1", "c-1", "order", "2", "{\"a\":1}", 1), (received.MessageId, received.CorrelationId, received.Subject, received.ApplicationProperties["version"], received.Body.ToString(), received.DeliveryCount));
        Assert.NotEqual(Guid.Empty.ToString(), received.LockToken);
        Assert.True(received.LockedUntil > DateTimeOffset.UtcNow);
        Assert.Equal(1, Space.Queue("orders").LockedCount);

        await receiver.CompleteMessageAsync(received);
        Assert.Equal((0, 0), (Space.Queue("orders").ActiveCount, Space.Queue("orders").LockedCount));
        await Assert.ThrowsAsync<ServiceBusException>(() => receiver.CompleteMessageAsync(received));
    }

    [Fact(Timeout = 60_000)]
    public async Task Messages_are_peeked_in_sequence_without_being_locked()
    {
        await using ServiceBusSender sender = Client.CreateSender("orders");
        await sender.SendMessagesAsync([new ServiceBusMessage("one"), new ServiceBusMessage("two"), new ServiceBusMessage("three")]);

        await using ServiceBusReceiver receiver = Client.CreateReceiver("orders");
        IReadOnlyList<ServiceBusReceivedMessage> peeked = await receiver.PeekMessagesAsync(10);
        Assert.Equal(["one", "two", "three"], peeked.Select(m => m.Body.ToString()));
        Assert.Equal([1L, 2L, 3L], peeked.Select(m => m.SequenceNumber));
        Assert.Equal((3, 0), (Space.Queue("orders").ActiveCount, Space.Queue("orders").LockedCount));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_topic_copies_each_message_to_every_subscription()
    {
        await using ServiceBusSender sender = Client.CreateSender("events");
        await sender.SendMessageAsync(new ServiceBusMessage("happened") { MessageId = "e-1" });

        foreach (string subscription in new[] { "audit", "billing" })
        {
            await using ServiceBusReceiver receiver = Client.CreateReceiver("events", subscription);
            ServiceBusReceivedMessage received = (await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10)))!;
            Assert.Equal(("e-1", "happened"), (received.MessageId, received.Body.ToString()));
            await receiver.CompleteMessageAsync(received);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_missing_entity_is_reported_as_not_found()
    {
        await using ServiceBusSender sender = Client.CreateSender("nowhere");
        ServiceBusException refused = await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendMessageAsync(new ServiceBusMessage("lost")));
        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, refused.Reason);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        await using var stranger = new ServiceBusClient(Broker.ConnectionStringWith(Convert.ToBase64String("not the namespace's key"u8.ToArray())), Options);
        await using ServiceBusSender sender = stranger.CreateSender("orders");
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => sender.SendMessageAsync(new ServiceBusMessage("refused")));
        Assert.Equal(0, Space.Queue("orders").ActiveCount);
    }
}
