using Azure.Messaging.ServiceBus;
using Gtm.ServiceBus.TestBroker.Entities;

namespace Gtm.ServiceBus.TestBroker.Tests;

[Trait("Category", "Integration")]
public sealed class SettlementTests : BrokerTest
{
    protected override BrokerNamespace CreateNamespace()
    {
        var space = new BrokerNamespace();
        space.CreateQueue("work", new EntitySettings { MaxDeliveryCount = 3, LockDuration = TimeSpan.FromSeconds(2) });
        return space;
    }

    [Fact(Timeout = 60_000)]
    public async Task A_dead_lettered_message_moves_to_the_dead_letter_queue_with_its_reason_and_description()
    {
        await using ServiceBusSender sender = Client.CreateSender("work");
        await sender.SendMessageAsync(new ServiceBusMessage("bad") { MessageId = "w-1" });
        await using ServiceBusReceiver receiver = Client.CreateReceiver("work");
        ServiceBusReceivedMessage received = (await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10)))!;
        await receiver.DeadLetterMessageAsync(received, new Dictionary<string, object> { ["checked_by"] = "validator" }, "invalid input", "/name: required");

        await using ServiceBusReceiver deadLetters = Client.CreateReceiver("work", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        ServiceBusReceivedMessage dead = (await deadLetters.ReceiveMessageAsync(TimeSpan.FromSeconds(10)))!;
        Assert.Equal(("w-1", "bad", "invalid input", "/name: required", "validator"), (dead.MessageId, dead.Body.ToString(), dead.DeadLetterReason, dead.DeadLetterErrorDescription, dead.ApplicationProperties["checked_by"]));
        Assert.Equal(0, Space.Queue("work").ActiveCount);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_abandoned_message_comes_back_counted_and_is_dead_lettered_after_the_max_delivery_count()
    {
        await using ServiceBusSender sender = Client.CreateSender("work");
        await sender.SendMessageAsync(new ServiceBusMessage("flaky") { MessageId = "w-2" });
        await using ServiceBusReceiver receiver = Client.CreateReceiver("work");
        var counts = new List<int>();
        for (int attempt = 0; attempt < 3; attempt++)
        {
            ServiceBusReceivedMessage received = (await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10)))!;
            counts.Add(received.DeliveryCount);
            await receiver.AbandonMessageAsync(received, new Dictionary<string, object> { ["last_error"] = $"attempt {attempt + 1} failed" });
        }

        Assert.Equal([1, 2, 3], counts);
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(1)));
        await using ServiceBusReceiver deadLetters = Client.CreateReceiver("work", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        ServiceBusReceivedMessage dead = (await deadLetters.PeekMessageAsync())!;
        Assert.Equal(("w-2", "MaxDeliveryCountExceeded", "attempt 3 failed", 3), (dead.MessageId, dead.DeadLetterReason, dead.ApplicationProperties["last_error"], dead.DeliveryCount));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_lapsed_lock_puts_the_message_back_and_a_renewed_one_keeps_it()
    {
        await using ServiceBusSender sender = Client.CreateSender("work");
        await sender.SendMessagesAsync([new ServiceBusMessage("kept") { MessageId = "w-3" }, new ServiceBusMessage("lapsed") { MessageId = "w-4" }]);
        await using ServiceBusReceiver receiver = Client.CreateReceiver("work");
        IReadOnlyList<ServiceBusReceivedMessage> held = await receiver.ReceiveMessagesAsync(2, TimeSpan.FromSeconds(10));
        Assert.Equal(2, held.Count);
        for (int i = 0; i < 3; i++)
        {
            await Task.Delay(1000);
            await receiver.RenewMessageLockAsync(held[0]);
        }

        ServiceBusReceivedMessage again = (await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10)))!;
        Assert.Equal(("w-4", 2), (again.MessageId, again.DeliveryCount));
        await receiver.CompleteMessageAsync(held[0]);
        ServiceBusException lost = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.CompleteMessageAsync(held[1]));
        Assert.Equal(ServiceBusFailureReason.MessageLockLost, lost.Reason);
    }
}
