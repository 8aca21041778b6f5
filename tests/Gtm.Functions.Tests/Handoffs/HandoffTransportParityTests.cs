using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Gtm.Functions.Tests.Support;
using Gtm.Testing;

namespace Gtm.Functions.Tests.Handoffs;

/// <summary>The same ventures through Stage 17 on two apps, one handing off on Storage Queues and one on Service Bus.</summary>
[Trait("Category", "Integration")]
public sealed class HandoffTransportParityTests : IAsyncLifetime
{
    private FunctionsHost storage = null!;
    private ServiceBusHost bus = null!;

    public async Task InitializeAsync()
    {
        storage = await FunctionsHost.StartAsync();
        bus = await ServiceBusHost.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await storage.DisposeAsync();
        await bus.DisposeAsync();
    }

    [Fact(Timeout = 300_000)]
    public async Task The_same_ventures_give_the_same_stage18_messages_on_both_transports()
    {
        string run = Guid.NewGuid().ToString("N")[..8];
        string[] ventures = [$"par-a-{run}", $"par-b-{run}"];
        await Task.WhenAll(ventures.SelectMany(v => new[] { KickOffAsync(storage, v), KickOffAsync(bus.Host, v) }));
        await Eventually.TrueAsync(async () => (await Task.WhenAll(ventures.SelectMany(v => new[] { StateAsync(storage, v), StateAsync(bus.Host, v) }))).All(s => s == "handed_off"),
            TimeSpan.FromSeconds(240), "every venture handed off on both apps");

        var inbox = new QueueClient(storage.Values["AzureWebJobsStorage"], storage.Values["Gtm__Stage18Target"], new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        PeekedMessage[] queued = (await inbox.PeekMessagesAsync(32)).Value;
        Dictionary<string, JsonObject> onStorage = queued.Select(m => JsonNode.Parse(m.Body.ToString())!.AsObject()).ToDictionary(m => (string)m["venture_id"]!);
        Dictionary<string, JsonObject> onServiceBus = (await bus.DrainStage18Async()).Select(m => JsonNode.Parse(m.Body.ToString())!.AsObject()).ToDictionary(m => (string)m["venture_id"]!);

        Assert.Equal(ventures.Order(), onStorage.Keys.Order());
        Assert.Equal(ventures.Order(), onServiceBus.Keys.Order());
        foreach (string venture in ventures)
        {
            // Everything but the moment of the handoff, which each app stamps with its own clock.
            Assert.True(onStorage[venture].Remove("handed_off_at") && onServiceBus[venture].Remove("handed_off_at"));
            Assert.True(JsonNode.DeepEquals(onStorage[venture], onServiceBus[venture]), $"{onStorage[venture].ToJsonString()}\n{onServiceBus[venture].ToJsonString()}");
            Assert.NotEmpty(onStorage[venture]["campaigns"]!.AsArray());
        }
    }

    private static async Task KickOffAsync(FunctionsHost host, string venture)
    {
        using HttpClient client = Client(host);
        using HttpResponseMessage accepted = await client.PostAsJsonAsync("/api/ventures", StandardVenture.Create(venture));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    private static async Task<string> StateAsync(FunctionsHost host, string venture)
    {
        using HttpClient client = Client(host);
        using HttpResponseMessage response = await client.GetAsync($"/api/ventures/{venture}");
        return response.StatusCode == HttpStatusCode.OK ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString()! : "";
    }

    private static HttpClient Client(FunctionsHost host)
    {
        HttpClient client = host.CreateClient();
        client.DefaultRequestHeaders.Add("x-functions-key", FunctionsHost.FunctionKey);
        return client;
    }
}
