using Gtm.Durable.Samples;
using Gtm.Durable.Tests.TestTasks;

namespace Gtm.Durable.Tests.Conformance;

/// <summary>The client's instance management: terminate, suspend, resume, purge, query, scheduling.</summary>
public abstract partial class ConformanceTests
{
    [Fact(Timeout = 60_000)]
    public async Task Terminate_stops_a_running_instance_with_the_given_reason()
    {
        string id = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForEvent));
        await Client.WaitForInstanceStartAsync(id);

        await Client.TerminateInstanceAsync(id, "operator stopped it");
        OrchestrationMetadata done = await Hub.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal("operator stopped it", done.ReadOutputAs<string>());
    }

    [Fact(Timeout = 60_000)]
    public async Task Suspended_instance_holds_its_events_until_resumed()
    {
        string id = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForEvent));
        await Client.WaitForInstanceStartAsync(id);
        await Client.SuspendInstanceAsync(id, "investigating");
        await Support.TestHub.EventuallyAsync(async () => (await Client.GetInstanceAsync(id))?.RuntimeStatus == OrchestrationRuntimeStatus.Suspended);

        await Client.RaiseEventAsync(id, "go", "after resume");
        await Task.Delay(300);
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, (await Client.GetInstanceAsync(id))?.RuntimeStatus);

        await Client.ResumeInstanceAsync(id, "fixed");
        OrchestrationMetadata done = await Hub.WaitAsync(id);
        Assert.Equal("after resume", done.ReadOutputAs<string>());
        var history = await Client.GetOrchestrationHistoryAsync(id);
        Assert.Contains(history, e => e is History.ExecutionSuspendedEvent { Reason: "investigating" });
        Assert.Contains(history, e => e is History.ExecutionResumedEvent { Reason: "fixed" });
    }

    [Fact(Timeout = 60_000)]
    public async Task Purge_removes_a_finished_instance_and_its_history_but_not_a_running_one()
    {
        string finished = NewId("purge");
        await Hub.RunAsync(nameof(HelloSequence), new[] { "Rome" }, finished);
        string running = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForEvent));
        await Client.WaitForInstanceStartAsync(running);

        Assert.Equal(1, (await Client.PurgeInstanceAsync(finished)).PurgedInstanceCount);
        Assert.Equal(0, (await Client.PurgeInstanceAsync(running)).PurgedInstanceCount);

        Assert.Null(await Client.GetInstanceAsync(finished));
        Assert.Empty(await Client.GetOrchestrationHistoryAsync(finished));
        Assert.NotNull(await Client.GetInstanceAsync(running));
        await Client.TerminateInstanceAsync(running);
    }

    [Fact(Timeout = 60_000)]
    public async Task Query_pages_instances_filtered_by_status_and_id_prefix()
    {
        string prefix = NewId("query");
        for (int i = 0; i < 5; i++)
        {
            await Hub.RunAsync(nameof(HelloSequence), new[] { "Paris" }, $"{prefix}-done-{i}");
        }

        string waiting = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForEvent), options: new StartOrchestrationOptions($"{prefix}-waiting"));
        await Client.WaitForInstanceStartAsync(waiting);

        var pages = new List<Page<OrchestrationMetadata>>();
        var query = new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Completed], InstanceIdPrefix: prefix, PageSize: 2);
        await foreach (Page<OrchestrationMetadata> page in Client.GetAllInstancesAsync(query).AsPages())
        {
            pages.Add(page);
        }

        Assert.Equal(5, pages.Sum(p => p.Values.Count));
        Assert.True(pages.Count >= 3, $"5 results in pages of 2 take at least 3 pages, got {pages.Count}");
        Assert.All(pages.SelectMany(p => p.Values), m => Assert.StartsWith($"{prefix}-done-", m.InstanceId, StringComparison.Ordinal));
        var running = new List<OrchestrationMetadata>();
        await foreach (OrchestrationMetadata m in Client.GetAllInstancesAsync(new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Running], InstanceIdPrefix: prefix)))
        {
            running.Add(m);
        }

        Assert.Equal([$"{prefix}-waiting"], running.Select(m => m.InstanceId));
        await Client.TerminateInstanceAsync(waiting);
    }

    [Fact(Timeout = 60_000)]
    public async Task Scheduled_start_stays_pending_until_its_time()
    {
        string id = await Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(HelloSequence),
            new[] { "Lima" },
            new StartOrchestrationOptions(StartAt: DateTimeOffset.UtcNow.AddMilliseconds(800)));

        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await Client.GetInstanceAsync(id))?.RuntimeStatus);
        OrchestrationMetadata done = await Hub.WaitAsync(id);
        Assert.Equal(["Hello, Lima!"], done.ReadOutputAs<List<string>>());
        Assert.True(done.LastUpdatedAt - done.CreatedAt >= TimeSpan.FromMilliseconds(700));
    }

    [Fact(Timeout = 60_000)]
    public async Task Starting_an_existing_running_instance_is_refused_but_a_finished_one_can_be_restarted()
    {
        string id = NewId("dedupe");
        await Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForEvent), options: new StartOrchestrationOptions(id));

        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() =>
            Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForEvent), options: new StartOrchestrationOptions(id)));

        await Client.TerminateInstanceAsync(id);
        await Hub.WaitAsync(id);
        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(HelloSequence), new[] { "x" }, new StartOrchestrationOptions(id) { DedupeStatuses = [OrchestrationRuntimeStatus.Terminated] }));
        OrchestrationMetadata restarted = await Hub.RunAsync(nameof(HelloSequence), new[] { "Quito" }, id);
        Assert.Equal(["Hello, Quito!"], restarted.ReadOutputAs<List<string>>());
    }

    [Fact(Timeout = 60_000)]
    public async Task Signalling_an_unknown_instance_throws_not_found()
    {
        await Assert.ThrowsAsync<OrchestrationNotFoundException>(() => Client.RaiseEventAsync(NewId("nobody"), "go"));
        await Assert.ThrowsAsync<OrchestrationNotFoundException>(() => Client.TerminateInstanceAsync(NewId("nobody")));
    }

    [Fact(Timeout = 60_000)]
    public async Task Invalid_instance_ids_are_refused_with_the_reason()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            Client.ScheduleNewOrchestrationInstanceAsync(nameof(HelloSequence), options: new StartOrchestrationOptions("a/b")));
        Assert.Contains("must not contain '/'", error.Message, StringComparison.Ordinal);
    }
}
