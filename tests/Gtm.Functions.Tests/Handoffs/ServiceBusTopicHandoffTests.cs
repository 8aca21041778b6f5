using Azure.Messaging.ServiceBus;
using Azure.Storage.Queues;
using Gtm.Functions.Tests.Support;

namespace Gtm.Functions.Tests.Handoffs;

/// <summary>The Stage 18 target as a topic: each subscription gets the handoff.</summary>
[Trait("Category", "Integration")]
public sealed class ServiceBusTopicHandoffTests : IAsyncLifetime
{
    private ServiceBusHost bus = null!;

    public async Task InitializeAsync() => bus = await ServiceBusHost.StartAsync(stage18Topic: ["launches", "billing"]);

    public async Task DisposeAsync() => await bus.DisposeAsync();

    [Fact(Timeout = 120_000)]
    public async Task A_handoff_to_a_topic_reaches_every_subscription_once()
    {
        string venture = $"topic-{Guid.NewGuid():N}"[..16];
        var handoffs = new QueueClient(bus.Host.Values["AzureWebJobsStorage"], bus.Host.Values["Gtm__Stage18Queue"], new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await handoffs.CreateIfNotExistsAsync();
        await handoffs.SendMessageAsync(ServiceBusHandoffTests.Handoff(venture, $"{venture}-v2-handoff"));

        await Eventually.TrueAsync(() => bus.Namespace.Queue($"{ServiceBusHost.Stage18Entity}/Subscriptions/billing").ActiveCount == 1, TimeSpan.FromSeconds(60), "the handoff published");
        foreach (string subscription in new[] { "launches", "billing" })
        {
            ServiceBusReceivedMessage message = Assert.Single(await bus.DrainStage18Async(subscription));
            Assert.Equal(($"{venture}-v2-handoff", venture), (message.MessageId, message.CorrelationId));
        }
    }
}
