using System.Collections.Concurrent;
using System.Diagnostics;
using Gtm.Durable.Samples;
using Gtm.Durable.Tests.Support;
using Gtm.Durable.Worker;
using Gtm.Testing;

namespace Gtm.Durable.Tests.AzureStorage;

/// <summary>Any number of workers share a hub; instance locks make sure only one runs an instance at a time.</summary>
[Trait("Category", "Integration")]
public sealed class TwoWorkerTests
{
    [Fact(Timeout = 240_000)]
    public async Task Two_workers_run_200_orchestrations_and_never_replay_one_instance_at_the_same_time()
    {
        string connection = await Azurite.GetConnectionStringAsync();
        string hub = AzureHubFixture.UniqueHubName();
        string prefix = $"two-{Guid.NewGuid():N}";
        var replays = new ConcurrentBag<(string InstanceId, string Worker, DateTime Start, DateTime End)>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DurableTaskTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = span =>
            {
                if (span.OperationName == DurableTaskTelemetry.ReplaySpan
                    && span.GetTagItem(DurableTaskTelemetry.Tags.InstanceId) is string id && id.StartsWith(prefix, StringComparison.Ordinal))
                {
                    replays.Add((id, (string)span.GetTagItem(DurableTaskTelemetry.Tags.WorkerId)!, span.StartTimeUtc, span.StartTimeUtc + span.Duration));
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using TestHub first = await StartAsync(connection, hub);
        first.DeletesStorageOnDispose = true;
        await using TestHub second = await StartAsync(connection, hub);

        var expected = new Dictionary<string, long>();
        for (int n = 0; n < 200; n++)
        {
            string id = $"{prefix}-{n:D3}";
            int items = 1 + (n % 10);
            expected[id] = Enumerable.Range(1, items).Sum(i => (long)i * i);
            await (n % 2 == 0 ? first : second).Client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutFanIn), items, new StartOrchestrationOptions(id));
        }

        foreach ((string id, long sum) in expected)
        {
            OrchestrationMetadata done = await first.WaitAsync(id, TimeSpan.FromSeconds(180));
            Assert.Equal(sum, done.ReadOutputAs<long>());
        }

        Assert.Equal(2, replays.Select(r => r.Worker).Distinct().Count());
        Assert.Contains(replays.GroupBy(r => r.InstanceId), instance => instance.Select(r => r.Worker).Distinct().Count() == 2);
        foreach (var instance in replays.GroupBy(r => r.InstanceId))
        {
            var ordered = instance.OrderBy(r => r.Start).ToList();
            for (int i = 1; i < ordered.Count; i++)
            {
                Assert.True(
                    ordered[i].Start >= ordered[i - 1].End,
                    $"{instance.Key} replayed by {ordered[i - 1].Worker} until {ordered[i - 1].End:O} and by {ordered[i].Worker} from {ordered[i].Start:O}");
            }
        }
    }

    private static Task<TestHub> StartAsync(string connection, string hub) =>
        TestHub.StartAsync(b => b.UseAzureStorage(connection), o => AzureHubFixture.ConfigureForTests(o, hub));
}
