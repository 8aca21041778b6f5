using Gtm.Durable.Samples;
using Gtm.Durable.Tests.TestTasks;

namespace Gtm.Durable.Tests.Conformance;

/// <summary>Durable Functions' documented application patterns.</summary>
public abstract partial class ConformanceTests
{
    [Fact(Timeout = 60_000)]
    public async Task Chaining_runs_activities_in_sequence_and_returns_their_results()
    {
        OrchestrationMetadata done = await Hub.RunAsync(nameof(HelloSequence), new[] { "Tokyo", "Seattle", "London" });

        Assert.True(OrchestrationRuntimeStatus.Completed == done.RuntimeStatus, done.FailureDetails?.ToString() + done.FailureDetails?.StackTrace);
        Assert.Equal(["Hello, Tokyo!", "Hello, Seattle!", "Hello, London!"], done.ReadOutputAs<List<string>>());
    }

    [Fact(Timeout = 60_000)]
    public async Task FanOutFanIn_runs_activities_in_parallel_and_aggregates_them()
    {
        OrchestrationMetadata done = await Hub.RunAsync(nameof(FanOutFanIn), 100);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(Enumerable.Range(1, 100).Sum(n => (long)n * n), done.ReadOutputAs<long>());
    }

    [Fact(Timeout = 120_000)]
    public async Task FanOutFanIn_of_a_thousand_activities_completes()
    {
        OrchestrationMetadata done = await Hub.RunAsync(nameof(FanOutFanIn), 1000, timeout: TimeSpan.FromSeconds(110));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(Enumerable.Range(1, 1000).Sum(n => (long)n * n), done.ReadOutputAs<long>());
    }

    [Fact(Timeout = 60_000)]
    public async Task Monitor_loops_on_durable_timers_with_continue_as_new_and_keeps_history_short()
    {
        string id = NewId("monitor");
        OrchestrationMetadata done = await Hub.RunAsync(nameof(TestTasks.Monitor), new MonitorState(4, TimeSpan.FromMilliseconds(100)), id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(4, done.ReadOutputAs<int>());
        var history = await Client.GetOrchestrationHistoryAsync(id);
        Assert.DoesNotContain(history, e => e is History.TaskScheduledEvent);
    }

    [Fact(Timeout = 60_000)]
    public async Task HumanInteraction_takes_the_decision_when_it_arrives_before_the_timeout()
    {
        string id = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(ApprovalWorkflow), new ApprovalRequest("budget", TimeSpan.FromMinutes(5)));
        await Client.WaitForInstanceStartAsync(id);
        await Client.RaiseEventAsync(id, ApprovalWorkflow.DecisionEvent, new ApprovalDecision(true, "lead"));

        OrchestrationMetadata done = await Hub.WaitAsync(id);

        Assert.Equal("'budget' approved by lead", done.ReadOutputAs<string>());
    }

    [Fact(Timeout = 60_000)]
    public async Task HumanInteraction_escalates_when_the_timeout_fires_first()
    {
        OrchestrationMetadata done = await Hub.RunAsync(nameof(ApprovalWorkflow), new ApprovalRequest("budget", TimeSpan.FromMilliseconds(300)));

        Assert.Equal("'budget' escalated: no decision in time", done.ReadOutputAs<string>());
    }

    [Fact(Timeout = 60_000)]
    public async Task SubOrchestrations_run_in_parallel_and_return_results_to_the_parent()
    {
        string id = NewId("parent");
        OrchestrationMetadata done = await Hub.RunAsync(nameof(ParentOfChildren), 3, id);

        Assert.Equal("1,5,14|Hello, Oslo!", done.ReadOutputAs<string>());
        OrchestrationMetadata? named = await Client.GetInstanceAsync($"{id}-named");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, named?.RuntimeStatus);
    }

    [Fact(Timeout = 60_000)]
    public async Task SubOrchestration_failure_reaches_the_parent_with_its_details()
    {
        OrchestrationMetadata done = await Hub.RunAsync(nameof(ParentOfFailingChild), "no budget");

        Assert.Equal("System.InvalidOperationException: child refused: no budget", done.ReadOutputAs<string>());
    }

    [Fact(Timeout = 60_000)]
    public async Task Retry_policy_retries_failed_activities_until_they_succeed()
    {
        OrchestrationMetadata done = await Hub.RunAsync(nameof(RetryingOrchestrator), new RetryInput(NewId("flaky"), Failures: 2, MaxAttempts: 4));

        Assert.Equal("succeeded on attempt 3", done.ReadOutputAs<string>());
    }

    [Fact(Timeout = 60_000)]
    public async Task Retry_policy_gives_up_after_max_attempts_with_the_last_failure()
    {
        string key = NewId("flaky");
        OrchestrationMetadata done = await Hub.RunAsync(nameof(RetryingOrchestrator), new RetryInput(key, Failures: 5, MaxAttempts: 2));

        Assert.Equal("gave up: attempt 2 timed out", done.ReadOutputAs<string>());
        Assert.Equal(2, Flaky.Attempts[key]);
    }

    [Fact(Timeout = 60_000)]
    public async Task Eternal_orchestration_continues_as_new_and_carries_unprocessed_events()
    {
        string id = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(Counter), 0);
        for (int i = 0; i < 25; i++)
        {
            await Client.RaiseEventAsync(id, "command", "1");
        }

        await Client.RaiseEventAsync(id, "command", "stop");
        OrchestrationMetadata done = await Hub.WaitAsync(id);

        Assert.Equal(25, done.ReadOutputAs<int>());
        var history = await Client.GetOrchestrationHistoryAsync(id);
        Assert.True(history.Count(e => e is History.EventRaisedEvent) <= 10, "history restarts with each ContinueAsNew");
    }

    [Fact(Timeout = 60_000)]
    public async Task Events_raised_before_the_wait_are_buffered_and_delivered_in_order()
    {
        string id = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(EventOrder), 5);
        for (int i = 0; i < 5; i++)
        {
            await Client.RaiseEventAsync(id, "item", i);
        }

        OrchestrationMetadata done = await Hub.WaitAsync(id);

        Assert.Equal([0, 1, 2, 3, 4], done.ReadOutputAs<List<int>>());
    }

    [Fact(Timeout = 60_000)]
    public async Task AsyncStatusPolling_shows_running_with_custom_status_then_completed_with_output()
    {
        string id = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForEvent));
        await Support.TestHub.EventuallyAsync(async () =>
            (await Client.GetInstanceAsync(id, getInputsAndOutputs: true))?.ReadCustomStatusAs<string>() == "waiting");
        OrchestrationMetadata? running = await Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Running, running?.RuntimeStatus);

        await Client.RaiseEventAsync(id, "go", "payload");
        OrchestrationMetadata done = await Hub.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("payload", done.ReadOutputAs<string>());
    }
}
