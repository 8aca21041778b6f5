using Azure.Messaging.ServiceBus;

namespace Gtm.ServiceBus.TestBroker.Tests;

/// <summary>A namespace, the broker in front of it and an SDK client, per test.</summary>
public abstract class BrokerTest : IAsyncLifetime
{
    protected BrokerNamespace Space { get; private set; } = null!;

    protected TestBroker Broker { get; private set; } = null!;

    protected ServiceBusClient Client { get; private set; } = null!;

    /// <summary>Quick retries, so a test of failures does not wait out the SDK's defaults.</summary>
    protected static ServiceBusClientOptions Options { get; } = new()
    {
        RetryOptions = new ServiceBusRetryOptions { Mode = ServiceBusRetryMode.Fixed, Delay = TimeSpan.FromMilliseconds(200), MaxRetries = 2, TryTimeout = TimeSpan.FromSeconds(10) },
    };

    protected virtual BrokerNamespace CreateNamespace() => new();

    public Task InitializeAsync()
    {
        Space = CreateNamespace();
        Broker = TestBroker.Start(Space);
        Client = new ServiceBusClient(Broker.ConnectionString, Options);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Client.DisposeAsync();
        Broker.Dispose();
        await Space.DisposeAsync();
    }
}
