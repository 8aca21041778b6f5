using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Gtm.Activities.Storage;
using Gtm.Functions.Handoffs.ServiceBus;
using Gtm.Functions.Tests.Support;
using Gtm.ServiceBus.TestBroker.Entities;
using Gtm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Gtm.Functions.Tests.Handoffs;

/// <summary>Both handoffs on Service Bus while the broker restarts with intake messages in flight.</summary>
[Trait("Category", "Integration")]
public sealed class ServiceBusRestartTests : IAsyncLifetime
{
    private ServiceBusHost bus = null!;
    private FlakyRelay relay = null!;

    public async Task InitializeAsync()
    {
        bus = await ServiceBusHost.StartAsync(services: services => services.AddSingleton<IStage16Relay>(provider =>
            relay = new FlakyRelay(new StorageQueueStage16Relay(provider.GetRequiredService<GtmStorage>())) { Delay = TimeSpan.FromSeconds(1.5) }));
        _ = bus.Host.Service<IStage16Relay>();
    }

    public async Task DisposeAsync() => await bus.DisposeAsync();

    [Fact(Timeout = 300_000)]
    public async Task A_broker_restart_mid_intake_loses_nothing_and_runs_nothing_twice()
    {
        string[] ventures = [.. Enumerable.Range(0, 4).Select(i => $"sbr{i}-{Guid.NewGuid():N}"[..16])];
        foreach (string venture in ventures)
        {
            await bus.SendIntakeAsync(StandardVenture.Create(venture).ToJsonString(), $"{venture}-output");
        }

        // Relays take 1.5 s: once one has begun, its message is locked and unsettled when the broker goes.
        await Eventually.TrueAsync(() => ventures.Any(v => relay.Calls(v) > 0), TimeSpan.FromSeconds(30), "an intake message in flight");
        bus.Broker.Stop();
        await Task.Delay(TimeSpan.FromSeconds(2));
        bus.Broker.Start();

        using HttpClient client = bus.Host.CreateClient();
        client.DefaultRequestHeaders.Add("x-functions-key", FunctionsHost.FunctionKey);
        DateTime deadline = DateTime.UtcNow.AddMinutes(4);
        string[] states = [];
        while (DateTime.UtcNow < deadline && !(states = await Task.WhenAll(ventures.Select(v => StateAsync(client, v)))).All(s => s == "handed_off"))
        {
            await Task.Delay(500);
        }

        BrokerQueue intake = bus.Namespace.Queue(ServiceBusHost.IntakeQueue);
        Assert.True(states.All(s => s == "handed_off"),
            $"ventures {string.Join(", ", states)}; relayed {string.Join(", ", ventures.Select(relay.Calls))} times; intake active {intake.ActiveCount}, locked {intake.LockedCount}, dead-lettered {intake.DeadLetterQueue!.ActiveCount}");

        // A message relayed while its lock died was delivered again and relayed again; its venture ran once.
        Assert.Contains(ventures, v => relay.Calls(v) >= 2);
        List<ServiceBusReceivedMessage> handoffs = await bus.DrainStage18Async();
        Assert.Equal(ventures.Order(), handoffs.Select(m => m.CorrelationId).Order());
        Assert.Equal((0, 0), (bus.Namespace.Queue(ServiceBusHost.IntakeQueue).ActiveCount, bus.Namespace.Queue(ServiceBusHost.IntakeQueue + "/$deadletterqueue").ActiveCount));
    }

    private static async Task<string> StateAsync(HttpClient client, string venture)
    {
        using HttpResponseMessage response = await client.GetAsync($"/api/ventures/{venture}");
        return response.StatusCode == HttpStatusCode.OK ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString()! : "";
    }
}
