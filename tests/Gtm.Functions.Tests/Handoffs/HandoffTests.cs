using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Gtm.Activities.Storage;
using Gtm.Functions.Operations;
using Gtm.Functions.Tests.Support;
using Gtm.Testing;

namespace Gtm.Functions.Tests.Handoffs;

[Trait("Category", "Integration")]
public sealed class HandoffTests : IAsyncLifetime
{
    private FunctionsHost host = null!;
    private static readonly object Replay = new { requested_by = "lead@studio", reason = "the consumer is fixed" };

    private HttpClient client = null!;
    private string connection = "";

    public async Task InitializeAsync()
    {
        host = await FunctionsHost.StartAsync();
        client = host.CreateClient();
        client.DefaultRequestHeaders.Add("x-functions-key", FunctionsHost.MasterKey);
        connection = await Azurite.GetConnectionStringAsync();
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    private QueueClient Queue(string setting, string suffix = "")
    {
        var queue = new QueueClient(connection, host.Values[setting] + suffix, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        queue.CreateIfNotExists();
        return queue;
    }

    private static string Handoff(string venture, string messageId) => new JsonObject
    {
        ["message_id"] = messageId,
        ["venture_id"] = venture,
        ["config_version"] = 1,
        ["campaigns"] = new JsonArray(new JsonObject { ["id"] = "c1", ["channel"] = "meta", ["platform_campaign_id"] = "meta-1", ["status"] = "active" }),
        ["workflows"] = new JsonArray("w1"),
        ["handed_off_at"] = "2026-11-24T10:00:00Z",
    }.ToJsonString();

    [Fact(Timeout = 120_000)]
    public async Task A_duplicated_handoff_is_forwarded_once()
    {
        string venture = $"dup-{Guid.NewGuid():N}"[..16];
        QueueClient handoffs = Queue("Gtm__Stage18Queue");
        await handoffs.SendMessageAsync(Handoff(venture, $"{venture}-v1-handoff"));
        await handoffs.SendMessageAsync(Handoff(venture, $"{venture}-v1-handoff"));
        QueueClient inbox = Queue("Gtm__Stage18Target");
        await Eventually.TrueAsync(() => handoffs.GetProperties().Value.ApproximateMessagesCount == 0, TimeSpan.FromSeconds(60), "both handled");
        await Task.Delay(500);
        Assert.Equal(1, (await inbox.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        JsonElement state = await client.GetFromJsonAsync<JsonElement>($"/api/ventures/{venture}");
        Assert.Equal("handed_off", state.GetProperty("state").GetString());
    }

    [Fact(Timeout = 120_000)]
    public async Task A_handoff_handled_after_a_rollback_began_is_forwarded_and_leaves_the_rollback_state()
    {
        string venture = $"late-{Guid.NewGuid():N}"[..16];
        await host.Service<VentureStore>().SetAsync(venture, "rolled_back", "conversion fell", DateTimeOffset.UtcNow, CancellationToken.None);
        QueueClient handoffs = Queue("Gtm__Stage18Queue");
        await handoffs.SendMessageAsync(Handoff(venture, $"{venture}-v1-handoff"));
        await Eventually.TrueAsync(() => handoffs.GetProperties().Value.ApproximateMessagesCount == 0, TimeSpan.FromSeconds(60), "handled");
        await Eventually.TrueAsync(async () => (await host.Service<GtmStorage>().Handoffs.GetEntityIfExistsAsync<TableEntity>(venture, $"{venture}-v1-handoff")).Value?.GetBoolean("Forwarded") == true, TimeSpan.FromSeconds(30), "forwarded");
        JsonElement state = await client.GetFromJsonAsync<JsonElement>($"/api/ventures/{venture}");
        Assert.Equal("rolled_back", state.GetProperty("state").GetString());
    }

    [Fact(Timeout = 120_000)]
    public async Task An_invalid_handoff_goes_to_poison_with_its_errors_and_a_replay_puts_it_back()
    {
        QueueClient handoffs = Queue("Gtm__Stage18Queue");
        QueueClient poison = Queue("Gtm__Stage18Queue", "-poison");
        await handoffs.SendMessageAsync("""{"message_id":"short"}""");
        await Eventually.TrueAsync(() => poison.GetProperties().Value.ApproximateMessagesCount == 1, TimeSpan.FromSeconds(60), "the poison message");
        JsonElement listed = await client.GetFromJsonAsync<JsonElement>($"/api/poison/{host.Values["Gtm__Stage18Queue"]}");
        PoisonEntry entry = Assert.Single(listed.Deserialize<PoisonEntry[]>(JsonSerializerOptions.Web)!);
        Assert.Contains("/venture_id", entry.Error, StringComparison.Ordinal);
        Assert.Equal(1, entry.DequeueCount);
        Assert.Equal("""{"message_id":"short"}""", entry.Body);

        using HttpResponseMessage replayed = await client.PostAsJsonAsync($"/api/poison/{host.Values["Gtm__Stage18Queue"]}/replay", Replay);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Equal(1, (await replayed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replayed").GetInt32());

        // Still invalid, so it comes back to poison: the replay put the original body on the queue.
        await Eventually.TrueAsync(() => poison.GetProperties().Value.ApproximateMessagesCount == 1, TimeSpan.FromSeconds(60), "poisoned again");
        Assert.Equal("""{"message_id":"short"}""", JsonSerializer.Deserialize<PoisonEnvelope>(poison.PeekMessage().Value.Body.ToString(), JsonSerializerOptions.Web)!.Body);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_handoff_that_keeps_failing_is_moved_to_poison_as_it_was_and_a_replay_by_the_lead_forwards_it()
    {
        string venture = $"stuck-{Guid.NewGuid():N}"[..16];
        string messageId = $"{venture}-v1-handoff";
        string body = Handoff(venture, messageId);

        // Another delivery's claim that does not lapse: each attempt fails until the host gives up on the message.
        TableClient handoffs = host.Service<GtmStorage>().Handoffs;
        await handoffs.AddEntityAsync(new TableEntity(venture, messageId) { ["Forwarded"] = false, ["ClaimedUntil"] = DateTimeOffset.UtcNow.AddHours(1) });
        await Queue("Gtm__Stage18Queue").SendMessageAsync(body);
        QueueClient poison = Queue("Gtm__Stage18Queue", "-poison");
        await Eventually.TrueAsync(() => poison.GetProperties().Value.ApproximateMessagesCount == 1, TimeSpan.FromSeconds(60), "the message moved to poison");

        string queue = host.Values["Gtm__Stage18Queue"]!;
        PoisonEntry entry = Assert.Single((await client.GetFromJsonAsync<PoisonEntry[]>($"/api/poison/{queue}", JsonSerializerOptions.Web))!);
        Assert.Equal((body, null, null), (entry.Body, entry.Error, entry.DequeueCount));

        using HttpClient functionKeyOnly = host.CreateClient();
        functionKeyOnly.DefaultRequestHeaders.Add("x-functions-key", FunctionsHost.FunctionKey);
        using HttpResponseMessage refused = await functionKeyOnly.PostAsJsonAsync($"/api/poison/{queue}/replay", Replay);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        await handoffs.DeleteEntityAsync(venture, messageId);
        using HttpResponseMessage replayed = await client.PostAsJsonAsync($"/api/poison/{queue}/replay", Replay);
        Assert.Equal(1, (await replayed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replayed").GetInt32());
        await Eventually.TrueAsync(() => client.GetAsync($"/api/ventures/{venture}").Result.StatusCode == HttpStatusCode.OK
            && client.GetFromJsonAsync<JsonElement>($"/api/ventures/{venture}").Result.GetProperty("state").GetString() == "handed_off", TimeSpan.FromSeconds(60), "the replayed handoff forwarded");
        Assert.Equal(1, (await Queue("Gtm__Stage18Target").GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Empty((await client.GetFromJsonAsync<PoisonEntry[]>($"/api/poison/{queue}", JsonSerializerOptions.Web))!);
    }

    [Fact(Timeout = 120_000)]
    public async Task Stage16_output_starts_the_stage_like_the_http_kickoff_and_invalid_output_is_poisoned()
    {
        string venture = $"s16-{Guid.NewGuid():N}"[..16];
        QueueClient intake = Queue("Gtm__Stage16Queue");
        await intake.SendMessageAsync(StandardVenture.Create(venture).ToJsonString());
        JsonElement bad = JsonSerializer.SerializeToElement(new { market_strategy = new { venture_id = "x" } });
        await intake.SendMessageAsync(bad.GetRawText());

        await Eventually.TrueAsync(() => client.GetAsync($"/api/ventures/{venture}").Result.StatusCode == HttpStatusCode.OK
            && client.GetFromJsonAsync<JsonElement>($"/api/ventures/{venture}").Result.GetProperty("state").GetString() is "live" or "handed_off", TimeSpan.FromSeconds(60), "the venture live");
        QueueClient poison = Queue("Gtm__Stage16Queue", "-poison");
        await Eventually.TrueAsync(() => poison.GetProperties().Value.ApproximateMessagesCount == 1, TimeSpan.FromSeconds(60), "the invalid output in poison");
        PoisonEnvelope envelope = JsonSerializer.Deserialize<PoisonEnvelope>(poison.PeekMessage().Value.Body.ToString(), JsonSerializerOptions.Web)!;
        Assert.Contains("/customer_segments", envelope.Error, StringComparison.Ordinal);
    }
}
