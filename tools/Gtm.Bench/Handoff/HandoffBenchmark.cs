using System.Globalization;
using Azure.Messaging.ServiceBus;
using Gtm.Activities;
using Gtm.Activities.Handoff;
using Gtm.Activities.Launch;
using Gtm.Activities.Storage;
using Gtm.LocalRunner;
using Gtm.ServiceBus.TestBroker;
using Gtm.ServiceBus.TestBroker.Entities;
using Gtm.Tools;

namespace Gtm.Bench.Handoff;

/// <summary>
/// ./gtm bench handoff: the Stage 18 handoff from the stage's exit (the PublishHandoff activity)
/// through the app's handoff queue function to the message on Stage 18's target, on Storage Queues
/// and on Service Bus (the local test broker) in one run, with the app's host.json. A burst of
/// handoffs=N (200 by default) gives handoffs per second; a paced run of 5 a second gives the
/// latency of a handoff that does not queue behind others.
/// </summary>
internal static class HandoffBenchmark
{
    private const string Stage18Entity = "stage18-handoffs";

    public static async Task RunAsync(string storage, IReadOnlyCollection<string> args)
    {
        int burst = args.Select(a => a.StartsWith("handoffs=", StringComparison.Ordinal) ? int.Parse(a[9..], CultureInfo.InvariantCulture) : 0).FirstOrDefault(n => n > 0, 200);
        var space = new BrokerNamespace();
        space.CreateQueue(Stage18Entity, new EntitySettings { DuplicateDetectionWindow = TimeSpan.FromMinutes(10) });
        using TestBroker broker = TestBroker.Start(space);
        await using var client = new ServiceBusClient(broker.ConnectionString);

        Report.Line("handoffs", burst);
        foreach ((string name, Dictionary<string, string?> settings) in new[]
        {
            ("storage_queues", new Dictionary<string, string?>()),
            ("service_bus", new Dictionary<string, string?> { ["Gtm__Stage18Transport"] = "ServiceBus", ["Gtm__ServiceBus__Stage18Entity"] = Stage18Entity, ["ServiceBusConnection"] = broker.ConnectionString }),
        })
        {
            await using EmbeddedRunner runner = await ToolRunner.StartProductAsync(storage, settings);
            GtmStorage product = runner.Service<GtmStorage>();
            await using ServiceBusReceiver receiver = client.CreateReceiver(Stage18Entity);
            await using HandoffTarget target = name == "service_bus" ? HandoffTarget.On(receiver) : HandoffTarget.On(product.Stage18Inbox);
            var publish = new PublishHandoff(product, TimeProvider.System);

            // Warm-up: the first handoff pays for connections and the queue function's first poll.
            await target.WaitForAsync([await PublishAsync(publish, $"warm-{name[..2]}", 1)], TimeSpan.FromMinutes(2));

            DateTimeOffset started = DateTimeOffset.UtcNow;
            string[] ids = await PublishManyAsync(publish, $"burst-{name[..2]}", burst);
            (List<double> burstLatencies, DateTimeOffset last) = await target.WaitForAsync(ids, TimeSpan.FromMinutes(10));
            Report.Line($"{name}_handoffs_per_s", burst / (last - started).TotalSeconds);
            Report.Line($"{name}_burst_latency_ms_p95", Percentiles.Of(burstLatencies, 95));

            var paced = new List<string>();
            for (int n = 0; n < 50; n++)
            {
                paced.Add(await PublishAsync(publish, $"paced-{name[..2]}", n));
                await Task.Delay(200);
            }

            (List<double> latencies, _) = await target.WaitForAsync(paced, TimeSpan.FromMinutes(5));
            Report.Line($"{name}_latency_ms_p50", Percentiles.Of(latencies, 50));
            Report.Line($"{name}_latency_ms_p95", Percentiles.Of(latencies, 95));
        }
    }

    private static async Task<string[]> PublishManyAsync(PublishHandoff publish, string prefix, int count)
    {
        using var gate = new SemaphoreSlim(16);
        return await Task.WhenAll(Enumerable.Range(0, count).Select(async n =>
        {
            await gate.WaitAsync();
            try
            {
                return await PublishAsync(publish, prefix, n);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    /// <summary>Runs the stage's exit step as the orchestration does, for a venture of three campaigns.</summary>
    private static Task<string> PublishAsync(PublishHandoff publish, string prefix, int n)
    {
        string venture = $"{prefix}-{n}";
        LaunchedCampaign[] campaigns =
        [
            new("email", $"{venture}-email", $"hs-{venture}", 20m),
            new("linkedin", $"{venture}-linkedin", $"li-{venture}", 50m),
            new("google_ads", $"{venture}-google", $"ga-{venture}", 80m),
        ];
        return publish.RunAsync(new FunctionActivityContext(nameof(PublishHandoff), $"stage17-{venture}"), new PublishHandoffInput(venture, 1, campaigns, [$"{venture}-nurture"]));
    }
}
