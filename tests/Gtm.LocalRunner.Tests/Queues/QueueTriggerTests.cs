using System.Text.Json;
using Azure.Storage.Queues;
using Gtm.LocalRunner.Queues;
using Gtm.LocalRunner.Tests.Support;
using Gtm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Gtm.LocalRunner.Tests.Queues;

[Trait("Category", "Integration")]
public sealed class QueueTriggerTests
{
    private static async Task<QueueClient> QueueAsync(TestRunner host, string setting, QueueMessageEncoding encoding = QueueMessageEncoding.Base64, string suffix = "")
    {
        var queue = new QueueClient(await Azurite.GetConnectionStringAsync(), host.Values[setting] + suffix, new QueueClientOptions { MessageEncoding = encoding });
        await queue.CreateIfNotExistsAsync();
        return queue;
    }

    [Fact(Timeout = 120_000)]
    public async Task Messages_are_delivered_decoded_and_deleted()
    {
        await using TestRunner host = await TestRunner.StartAsync();
        QueueClient queue = await QueueAsync(host, "CollectQueue");
        for (int n = 0; n < 20; n++)
        {
            await queue.SendMessageAsync($"message {n}");
        }

        await Eventually.TrueAsync(() => host.Recorder.Messages.Count == 20, TimeSpan.FromSeconds(75), "20 messages");
        Assert.Equal(Enumerable.Range(0, 20).Select(n => $"message {n}").Order(), host.Recorder.Messages.Select(m => m.Body.ToString()).Order());
        await Eventually.TrueAsync(() => queue.GetProperties().Value.ApproximateMessagesCount == 0, TimeSpan.FromSeconds(10), "queue emptied");
    }

    [Fact(Timeout = 120_000)]
    public async Task Plain_encoding_is_read_as_sent()
    {
        await using TestRunner host = await TestRunner.StartAsync(hostJson => hostJson["extensions"]!["queues"]!["messageEncoding"] = "none");
        QueueClient queue = await QueueAsync(host, "CollectQueue", QueueMessageEncoding.None);
        await queue.SendMessageAsync("""{"plain":true}""");
        await Eventually.TrueAsync(() => !host.Recorder.Messages.IsEmpty, TimeSpan.FromSeconds(75), "the message");
        Assert.Equal("""{"plain":true}""", Assert.Single(host.Recorder.Messages).Body.ToString());
    }

    [Fact(Timeout = 120_000)]
    public async Task A_message_that_always_fails_goes_to_the_poison_queue_as_it_was_after_maxDequeueCount()
    {
        await using TestRunner host = await TestRunner.StartAsync();
        QueueClient queue = await QueueAsync(host, "FailQueue");
        QueueClient poison = await QueueAsync(host, "FailQueue", suffix: "-poison");
        await queue.SendMessageAsync("bad input");

        Azure.Storage.Queues.Models.QueueMessage[] poisoned = [];
        await Eventually.TrueAsync(() => (poisoned = poison.ReceiveMessages(1).Value).Length == 1, TimeSpan.FromSeconds(75), "the poison message");
        Assert.Equal("bad input", poisoned[0].Body.ToString());

        // Runs before the limit are retried, the first at or past it is poisoned. A receive lost to an
        // emulator hiccup still counts on the server, so the counts need not be 1, 2, 3.
        long[] runs = [.. host.Recorder.FailedDequeueCounts];
        Assert.True(runs[^1] >= 3, $"poisoned at dequeue {runs[^1]}");
        Assert.All(runs[..^1], count => Assert.True(count < 3, $"run at dequeue {count} was retried"));
        await Eventually.TrueAsync(() => queue.GetProperties().Value.ApproximateMessagesCount == 0, TimeSpan.FromSeconds(10), "the message deleted from its queue");
    }

    [Fact(Timeout = 120_000)]
    public async Task A_function_that_outlives_the_visibility_timeout_is_not_run_twice()
    {
        await using TestRunner host = await TestRunner.StartAsync(services: s => s.Configure<QueuesOptions>(o => o.ProcessingLease = TimeSpan.FromSeconds(2)));
        host.Recorder.SlowDelay = TimeSpan.FromSeconds(7);
        QueueClient queue = await QueueAsync(host, "SlowQueue");
        await queue.SendMessageAsync("slow");
        await Eventually.TrueAsync(() => !host.Recorder.Messages.IsEmpty, TimeSpan.FromSeconds(75), "the slow message");

        // Deleted with the newest receipt: a stale one would leave it to reappear and run again.
        await Eventually.TrueAsync(() => queue.GetProperties().Value.ApproximateMessagesCount == 0, TimeSpan.FromSeconds(20), "the message deleted");
        Assert.Equal(1, Assert.Single(host.Recorder.Attempts).Value);
    }
}
