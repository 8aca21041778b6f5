using Azure.Messaging.ServiceBus;
using Gtm.ServiceBus.TestBroker;
using Gtm.ServiceBus.TestBroker.Entities;
using Microsoft.Extensions.DependencyInjection;

namespace Gtm.Functions.Tests.Support;

/// <summary>
/// The Functions app with its handoffs on Service Bus: a local broker whose namespace the test
/// keeps (so the broker can restart under the app), an intake queue and a Stage 18 queue (with
/// duplicate detection, as the target's namespace would have it), the app connected to both by a
/// connection string with quick client retries, and a client for the test's own sends and reads.
/// </summary>
public sealed class ServiceBusHost : IAsyncDisposable
{
    public const string Stage18Entity = "stage18-handoffs";
    public const string IntakeQueue = "stage16-output";

    private ServiceBusHost(BrokerNamespace space, TestBroker broker, FunctionsHost host)
    {
        Namespace = space;
        Broker = broker;
        Host = host;
        Client = new ServiceBusClient(broker.ConnectionString, new ServiceBusClientOptions
        {
            RetryOptions = new ServiceBusRetryOptions { Mode = ServiceBusRetryMode.Fixed, Delay = TimeSpan.FromMilliseconds(300), MaxRetries = 10, TryTimeout = TimeSpan.FromSeconds(10) },
        });
    }

    public BrokerNamespace Namespace { get; }

    public TestBroker Broker { get; }

    public FunctionsHost Host { get; }

    public ServiceBusClient Client { get; }

    /// <param name="stage18Topic">Subscriptions to hand off to through a topic instead of the queue.</param>
    public static async Task<ServiceBusHost> StartAsync(
        EntitySettings? intake = null,
        IReadOnlyList<string>? stage18Topic = null,
        Action<IServiceCollection>? services = null,
        IDictionary<string, string?>? values = null)
    {
        var space = new BrokerNamespace();
        space.CreateQueue(IntakeQueue, intake ?? new EntitySettings { MaxDeliveryCount = 3, LockDuration = TimeSpan.FromSeconds(30) });
        var duplicates = new EntitySettings { DuplicateDetectionWindow = TimeSpan.FromMinutes(10) };
        if (stage18Topic is null)
        {
            space.CreateQueue(Stage18Entity, duplicates);
        }
        else
        {
            space.CreateTopic(Stage18Entity, stage18Topic, duplicates);
        }

        TestBroker broker = TestBroker.Start(space);
        var settings = new Dictionary<string, string?>
        {
            ["ServiceBusConnection"] = broker.ConnectionString,
            ["Gtm__Stage18Transport"] = "ServiceBus",
            ["Gtm__ServiceBus__Stage18Entity"] = Stage18Entity,
            ["Gtm__ServiceBus__Stage16Queue"] = IntakeQueue,
            ["Gtm__ServiceBus__MaxRetries"] = "3",
            ["Gtm__ServiceBus__RetryDelay"] = "00:00:00.200",
            ["Gtm__ServiceBus__MaxRetryDelay"] = "00:00:01",
            ["Gtm__ServiceBus__TryTimeout"] = "00:00:05",
        };
        foreach ((string key, string? value) in values ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        FunctionsHost host = await FunctionsHost.StartAsync(values: settings, services: services);
        return new ServiceBusHost(space, broker, host);
    }

    /// <summary>Every message on the Stage 18 queue (or a subscription), taken off it.</summary>
    public async Task<List<ServiceBusReceivedMessage>> DrainStage18Async(string? subscription = null)
    {
        await using ServiceBusReceiver receiver = subscription is null
            ? Client.CreateReceiver(Stage18Entity, new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete })
            : Client.CreateReceiver(Stage18Entity, subscription, new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
        var received = new List<ServiceBusReceivedMessage>();
        while (await receiver.ReceiveMessagesAsync(50, TimeSpan.FromMilliseconds(500)) is { Count: > 0 } batch)
        {
            received.AddRange(batch);
        }

        return received;
    }

    public async Task SendIntakeAsync(string body, string? messageId = null)
    {
        await using ServiceBusSender sender = Client.CreateSender(IntakeQueue);
        await sender.SendMessageAsync(new ServiceBusMessage(body) { MessageId = messageId ?? Guid.NewGuid().ToString("N"), ContentType = "application/json" });
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Client.DisposeAsync();
        Broker.Dispose();
        await Namespace.DisposeAsync();
    }
}
