using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Gtm.Activities.Storage;
using Gtm.Functions.Handoffs.ServiceBus;
using Gtm.Functions.Operations;
using Gtm.Functions.Tests.Support;
using Gtm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Gtm.Functions.Tests.Handoffs;

/// <summary>The Stage 16 intake from a Service Bus queue (max delivery count 3), against the local broker.</summary>
[Trait("Category", "Integration")]
public sealed class ServiceBusIntakeTests : IAsyncLifetime
{
    private static readonly object Replay = new { requested_by = "lead@studio", reason = "the intake is fixed" };

    private ServiceBusHost bus = null!;
    private FlakyRelay relay = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        bus = await ServiceBusHost.StartAsync(services: services => services.AddSingleton<IStage16Relay>(provider =>
            relay = new FlakyRelay(new StorageQueueStage16Relay(provider.GetRequiredService<GtmStorage>()))));
        client = bus.Host.CreateClient();
        client.DefaultRequestHeaders.Add("x-functions-key", FunctionsHost.MasterKey);
        _ = bus.Host.Service<IStage16Relay>();
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await bus.DisposeAsync();
    }

    private async Task<string> StateAsync(string venture)
    {
        using HttpResponseMessage response = await client.GetAsync($"/api/ventures/{venture}");
        return response.StatusCode == HttpStatusCode.OK ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString()! : "";
    }

    private Task LiveAsync(string venture) =>
        Eventually.TrueAsync(async () => await StateAsync(venture) is "live" or "handed_off", TimeSpan.FromSeconds(90), $"venture {venture} live");

    private async Task<PoisonEntry[]> DeadLetteredAsync() =>
        (await client.GetFromJsonAsync<PoisonEntry[]>($"/api/poison/service-bus/{ServiceBusHost.IntakeQueue}", JsonSerializerOptions.Web))!;

    [Fact(Timeout = 150_000)]
    public async Task A_valid_output_starts_the_stage_and_is_completed()
    {
        string venture = $"sbin-{Guid.NewGuid():N}"[..16];
        await bus.SendIntakeAsync(StandardVenture.Create(venture).ToJsonString());

        await LiveAsync(venture);
        Assert.Equal(1, relay.Calls(venture));
        Assert.Equal((0, 0), (bus.Namespace.Queue(ServiceBusHost.IntakeQueue).ActiveCount, bus.Namespace.Queue(ServiceBusHost.IntakeQueue).LockedCount));
        Assert.Empty(await DeadLetteredAsync());
    }

    [Fact(Timeout = 120_000)]
    public async Task An_invalid_output_is_dead_lettered_with_its_errors_listed_with_the_poison_messages_and_replayable()
    {
        string body = JsonSerializer.Serialize(new { market_strategy = new { venture_id = "x" } });
        await bus.SendIntakeAsync(body, "invalid-1");

        await Eventually.TrueAsync(() => bus.Namespace.Queue(ServiceBusHost.IntakeQueue + "/$deadletterqueue").ActiveCount == 1, TimeSpan.FromSeconds(60), "the message dead-lettered");
        await using (ServiceBusReceiver deadLetters = bus.Client.CreateReceiver(ServiceBusHost.IntakeQueue, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter }))
        {
            ServiceBusReceivedMessage dead = (await deadLetters.PeekMessageAsync())!;
            Assert.StartsWith(ServiceBusStage16Intake.InvalidReason, dead.DeadLetterReason, StringComparison.Ordinal);
            Assert.Contains("/customer_segments", dead.DeadLetterErrorDescription, StringComparison.Ordinal);
            Assert.Equal(1, dead.DeliveryCount);
        }

        JsonElement[] groups = (await client.GetFromJsonAsync<JsonElement[]>("/api/poison"))!;
        JsonElement group = Assert.Single(groups, g => g.GetProperty("transport").GetString() == "service_bus");
        Assert.Equal((ServiceBusHost.IntakeQueue, $"{ServiceBusHost.IntakeQueue}/$deadletterqueue"), (group.GetProperty("queue").GetString(), group.GetProperty("heldIn").GetString()));
        PoisonEntry entry = Assert.Single(group.GetProperty("messages").Deserialize<PoisonEntry[]>(JsonSerializerOptions.Web)!);
        Assert.Equal(("invalid-1", body, 1L), (entry.MessageId, entry.Body, entry.DequeueCount));
        Assert.Contains("/customer_segments", entry.Error, StringComparison.Ordinal);

        using HttpResponseMessage replayed = await client.PostAsJsonAsync($"/api/poison/service-bus/{ServiceBusHost.IntakeQueue}/replay", Replay);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Equal(1, (await replayed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replayed").GetInt32());

        // Still invalid, so it is dead-lettered again: the replay put the original body back on the queue.
        await Eventually.TrueAsync(async () => (await DeadLetteredAsync()).Length == 1 && bus.Namespace.Queue(ServiceBusHost.IntakeQueue).ActiveCount == 0, TimeSpan.FromSeconds(60), "dead-lettered again");
        PoisonEntry again = Assert.Single(await DeadLetteredAsync());
        Assert.Equal(body, again.Body);
        Assert.StartsWith("invalid-1-replay-", again.MessageId, StringComparison.Ordinal);
        JsonElement[] audit = (await client.GetFromJsonAsync<JsonElement[]>("/api/audit"))!;
        Assert.Contains(audit, e => e.GetProperty("what").GetString() == $"replayed 1 dead-lettered message(s) onto Service Bus queue {ServiceBusHost.IntakeQueue}");
    }

    [Fact(Timeout = 150_000)]
    public async Task A_failing_relay_abandons_the_message_which_is_delivered_again_and_then_starts_the_stage()
    {
        string venture = $"sbre-{Guid.NewGuid():N}"[..16];
        relay.FailNext(venture, 1);
        await bus.SendIntakeAsync(StandardVenture.Create(venture).ToJsonString());

        await LiveAsync(venture);
        Assert.Equal(2, relay.Calls(venture));
        Assert.Empty(await DeadLetteredAsync());
    }

    [Fact(Timeout = 150_000)]
    public async Task A_message_that_fails_every_delivery_is_dead_lettered_after_the_max_delivery_count_and_a_replay_starts_the_stage()
    {
        string venture = $"sbmax-{Guid.NewGuid():N}"[..16];
        relay.FailNext(venture, 3);
        await bus.SendIntakeAsync(StandardVenture.Create(venture).ToJsonString(), $"{venture}-output");

        await Eventually.TrueAsync(async () => (await DeadLetteredAsync()).Length == 1, TimeSpan.FromSeconds(60), "the message dead-lettered");
        PoisonEntry entry = Assert.Single(await DeadLetteredAsync());
        Assert.Equal(($"{venture}-output", 3L), (entry.MessageId, entry.DequeueCount));
        Assert.StartsWith("MaxDeliveryCountExceeded", entry.Error, StringComparison.Ordinal);
        Assert.Contains($"storage unavailable for {venture}", entry.Error, StringComparison.Ordinal);
        Assert.NotNull(entry.FailedAt);
        Assert.Equal(3, relay.Calls(venture));
        Assert.Equal("", await StateAsync(venture));

        using HttpClient functionKeyOnly = bus.Host.CreateClient();
        functionKeyOnly.DefaultRequestHeaders.Add("x-functions-key", FunctionsHost.FunctionKey);
        using HttpResponseMessage refused = await functionKeyOnly.PostAsJsonAsync($"/api/poison/service-bus/{ServiceBusHost.IntakeQueue}/replay", Replay);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using HttpResponseMessage replayed = await client.PostAsJsonAsync($"/api/poison/service-bus/{ServiceBusHost.IntakeQueue}/replay", Replay);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        await LiveAsync(venture);
        Assert.Empty(await DeadLetteredAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task An_output_the_intake_queue_cannot_take_is_dead_lettered_at_once()
    {
        string venture = $"sbbig-{Guid.NewGuid():N}"[..16];
        relay.Refuse(venture);
        await bus.SendIntakeAsync(StandardVenture.Create(venture).ToJsonString(), $"{venture}-output");

        await Eventually.TrueAsync(async () => (await DeadLetteredAsync()).Length == 1, TimeSpan.FromSeconds(60), "the message dead-lettered");
        PoisonEntry entry = Assert.Single(await DeadLetteredAsync());
        Assert.Equal((1L, $"{ServiceBusStage16Intake.RefusedReason}: the intake queue cannot take {venture}"), (entry.DequeueCount, entry.Error));
        Assert.Equal(1, relay.Calls(venture));
    }

    [Fact(Timeout = 60_000)]
    public async Task The_poison_list_still_answers_while_the_broker_is_down_and_says_so()
    {
        bus.Broker.Stop();
        JsonElement[] groups = (await client.GetFromJsonAsync<JsonElement[]>("/api/poison"))!;
        Assert.Equal(2, groups.Count(g => g.GetProperty("transport").GetString() == "storage_queues"));
        JsonElement serviceBus = Assert.Single(groups, g => g.GetProperty("transport").GetString() == "service_bus");
        Assert.StartsWith("Service Bus did not answer", serviceBus.GetProperty("unavailable").GetString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Only_the_apps_intake_queue_is_listed_or_replayed()
    {
        using HttpResponseMessage listed = await client.GetAsync("/api/poison/service-bus/someone-elses-queue");
        Assert.Equal(HttpStatusCode.NotFound, listed.StatusCode);
        using HttpResponseMessage replayed = await client.PostAsJsonAsync("/api/poison/service-bus/someone-elses-queue/replay", Replay);
        Assert.Equal(HttpStatusCode.NotFound, replayed.StatusCode);
    }
}
