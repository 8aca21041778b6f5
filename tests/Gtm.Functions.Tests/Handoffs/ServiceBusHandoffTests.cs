using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Queues;
using Gtm.Activities.Storage;
using Gtm.Functions.Tests.Support;
using Gtm.Testing;

namespace Gtm.Functions.Tests.Handoffs;

/// <summary>The Stage 18 handoff forwarded to Service Bus, against the local broker.</summary>
[Trait("Category", "Integration")]
public sealed class ServiceBusHandoffTests : IAsyncLifetime
{
    private ServiceBusHost bus = null!;

    public async Task InitializeAsync() => bus = await ServiceBusHost.StartAsync();

    public async Task DisposeAsync() => await bus.DisposeAsync();

    private QueueClient Stage18Queue()
    {
        var queue = new QueueClient(bus.Host.Values["AzureWebJobsStorage"], bus.Host.Values["Gtm__Stage18Queue"], new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        queue.CreateIfNotExists();
        return queue;
    }

    public static string Handoff(string venture, string messageId) => new JsonObject
    {
        ["message_id"] = messageId,
        ["venture_id"] = venture,
        ["config_version"] = 2,
        ["campaigns"] = new JsonArray(
            new JsonObject { ["id"] = "c1", ["channel"] = "meta", ["platform_campaign_id"] = "meta-1", ["status"] = "active" },
            new JsonObject { ["id"] = "c2", ["channel"] = "google_ads", ["platform_campaign_id"] = "gads-1", ["status"] = "active" }),
        ["workflows"] = new JsonArray("w1"),
        ["handed_off_at"] = "2026-11-24T10:00:00Z",
    }.ToJsonString();

    private async Task<string> StateAsync(string venture)
    {
        using HttpClient client = bus.Host.CreateClient();
        client.DefaultRequestHeaders.Add("x-functions-key", FunctionsHost.FunctionKey);
        using HttpResponseMessage response = await client.GetAsync($"/api/ventures/{venture}");
        return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString()! : "";
    }

    [Fact(Timeout = 120_000)]
    public async Task A_handoff_sent_twice_reaches_the_service_bus_queue_once_with_its_routing_properties()
    {
        string venture = $"sb-{Guid.NewGuid():N}"[..16];
        string body = Handoff(venture, $"{venture}-v2-handoff");
        QueueClient handoffs = Stage18Queue();
        await handoffs.SendMessageAsync(body);
        await handoffs.SendMessageAsync(body);

        await Eventually.TrueAsync(async () => await StateAsync(venture) == "handed_off" && handoffs.GetProperties().Value.ApproximateMessagesCount == 0, TimeSpan.FromSeconds(60), "both handled");
        ServiceBusReceivedMessage message = Assert.Single(await bus.DrainStage18Async());
        Assert.Equal(body, message.Body.ToString());
        Assert.Equal(($"{venture}-v2-handoff", venture, "stage18_handoff", "application/json"), (message.MessageId, message.CorrelationId, message.Subject, message.ContentType));
        Assert.Equal("stage18_handoff", message.ApplicationProperties["schema"]);
        Assert.Equal("1.0", message.ApplicationProperties["schema_version"]);
        Assert.Equal(venture, message.ApplicationProperties["venture_id"]);
        Assert.Equal(2, message.ApplicationProperties["config_version"]);
        Assert.Equal("google_ads,meta", message.ApplicationProperties["channels"]);
        TableEntity row = (await bus.Host.Service<GtmStorage>().Handoffs.GetEntityAsync<TableEntity>(venture, $"{venture}-v2-handoff")).Value;
        Assert.Equal($"{ServiceBusHost.Stage18Entity} (Service Bus)", row.GetString("Target"));
    }

    [Fact(Timeout = 120_000)]
    public async Task A_handoff_forwarded_again_after_its_record_was_lost_is_dropped_by_the_namespaces_duplicate_detection()
    {
        string venture = $"sbdup-{Guid.NewGuid():N}"[..16];
        string messageId = $"{venture}-v2-handoff";
        QueueClient handoffs = Stage18Queue();
        await handoffs.SendMessageAsync(Handoff(venture, messageId));
        await Eventually.TrueAsync(async () => await StateAsync(venture) == "handed_off", TimeSpan.FromSeconds(60), "the first forward");

        // As if the app had died between the send and its record: the same handoff is forwarded again.
        TableClient records = bus.Host.Service<GtmStorage>().Handoffs;
        await records.DeleteEntityAsync(venture, messageId);
        await handoffs.SendMessageAsync(Handoff(venture, messageId));
        await Eventually.TrueAsync(async () => await records.GetEntityIfExistsAsync<TableEntity>(venture, messageId) is { HasValue: true } record && record.Value!.GetBoolean("Forwarded") == true, TimeSpan.FromSeconds(60), "the second forward");

        Assert.Single(await bus.DrainStage18Async());
    }

    [Fact(Timeout = 120_000)]
    public async Task A_handoff_sent_while_the_broker_is_down_is_retried_until_it_is_back_and_delivered_once()
    {
        string venture = $"sbdown-{Guid.NewGuid():N}"[..16];
        bus.Broker.Stop();
        await Stage18Queue().SendMessageAsync(Handoff(venture, $"{venture}-v2-handoff"));
        // Long enough for attempts to fail (each with the client's own retries), short of the queue's dequeue limit.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.NotEqual("handed_off", await StateAsync(venture));

        bus.Broker.Start();
        await Eventually.TrueAsync(async () => await StateAsync(venture) == "handed_off", TimeSpan.FromSeconds(60), "the handoff forwarded once the broker is back");
        ServiceBusReceivedMessage message = Assert.Single(await bus.DrainStage18Async());
        Assert.Equal($"{venture}-v2-handoff", message.MessageId);
    }
}
