using Azure.Messaging.ServiceBus;
using Gtm.ServiceBus.TestBroker.Entities;
using Microsoft.Extensions.Time.Testing;

namespace Gtm.ServiceBus.TestBroker.Tests;

[Trait("Category", "Integration")]
public sealed class DuplicateDetectionTests : BrokerTest
{
    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);

    protected override BrokerNamespace CreateNamespace()
    {
        var space = new BrokerNamespace(time);
        space.CreateQueue("deduped", new EntitySettings { DuplicateDetectionWindow = TimeSpan.FromMinutes(10) });
        space.CreateTopic("deduped-topic", ["all"], new EntitySettings { DuplicateDetectionWindow = TimeSpan.FromMinutes(10) });
        return space;
    }

    [Theory(Timeout = 60_000)]
    [InlineData("deduped", "deduped")]
    [InlineData("deduped-topic", "deduped-topic/Subscriptions/all")]
    public async Task A_message_id_seen_within_the_window_is_dropped_and_accepted_again_after_it(string entity, string receivedFrom)
    {
        await using ServiceBusSender sender = Client.CreateSender(entity);
        await sender.SendMessageAsync(new ServiceBusMessage("first") { MessageId = "same" });
        await sender.SendMessageAsync(new ServiceBusMessage("again") { MessageId = "same" });
        await sender.SendMessageAsync(new ServiceBusMessage("other") { MessageId = "different" });
        Assert.Equal(2, Space.Queue(receivedFrom).ActiveCount);

        time.Advance(TimeSpan.FromMinutes(9));
        await sender.SendMessageAsync(new ServiceBusMessage("still within") { MessageId = "same" });
        Assert.Equal(2, Space.Queue(receivedFrom).ActiveCount);

        time.Advance(TimeSpan.FromMinutes(2));
        await sender.SendMessageAsync(new ServiceBusMessage("after the window") { MessageId = "same" });
        Assert.Equal(3, Space.Queue(receivedFrom).ActiveCount);
    }
}
