using Gtm.LocalRunner.Tests.Support;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Gtm.LocalRunner.Tests.Durable;

/// <summary>
/// Durable Functions' patterns and instance management on the real engine (DurableTask.Core with
/// Microsoft.DurableTask's shims), run by the local runner as the Functions host would run them:
/// once in memory and once on Azure Storage (see the derived classes).
/// </summary>
public abstract class DurablePatternTests(TaskHubFixture hub)
{
    private DurableTaskClient Client => hub.Client;

    [Fact(Timeout = 60_000)]
    public async Task Chaining_runs_activities_in_sequence_and_returns_their_results()
    {
        OrchestrationMetadata done = await RunAsync(nameof(PatternFunctions.HelloSequence), new[] { "Tokyo", "Seattle", "London" });

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ToString());
        Assert.Equal(["Hello, Tokyo!", "Hello, Seattle!", "Hello, London!"], done.ReadOutputAs<List<string>>());
    }

    [Fact(Timeout = 120_000)]
    public async Task FanOutFanIn_runs_three_hundred_activities_at_once_and_sums_them()
    {
        OrchestrationMetadata done = await RunAsync(nameof(PatternFunctions.FanOutFanIn), 300, timeout: TimeSpan.FromSeconds(110));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(Enumerable.Range(1, 300).Sum(n => (long)n * n), done.ReadOutputAs<long>());
    }

    [Fact(Timeout = 60_000)]
    public async Task HumanInteraction_takes_the_decision_that_arrives_before_the_timeout()
    {
        string id = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(PatternFunctions.Approval), new ApprovalRequest("budget", TimeSpan.FromMinutes(5)));
        await WaitForCustomStatusAsync(id);
        await Client.RaiseEventAsync(id, PatternFunctions.DecisionEvent, new ApprovalDecision(true, "lead"));

        OrchestrationMetadata done = await WaitAsync(id);

        Assert.Equal("'budget' approved by lead", done.ReadOutputAs<string>());
    }

    [Fact(Timeout = 60_000)]
    public async Task HumanInteraction_escalates_when_the_durable_timer_fires_first()
    {
        OrchestrationMetadata done = await RunAsync(nameof(PatternFunctions.Approval), new ApprovalRequest("budget", TimeSpan.FromSeconds(1)));

        Assert.Equal("'budget' escalated: no decision in time", done.ReadOutputAs<string>());
    }

    [Fact(Timeout = 60_000)]
    public async Task SubOrchestrations_run_in_parallel_and_each_knows_its_parent()
    {
        string id = NewId("parent");
        OrchestrationMetadata done = await RunAsync(nameof(PatternFunctions.Parent), 3, id);

        ParentSeen[] children = done.ReadOutputAs<ParentSeen[]>()!;
        Assert.Equal(["child 1", "child 2", "child 3"], children.Select(c => c.Child));
        Assert.All(children, c => Assert.Equal((id, nameof(PatternFunctions.Parent)), (c.ParentId, c.ParentName)));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await Client.GetInstanceAsync($"{id}-child-2"))?.RuntimeStatus);
    }

    [Fact(Timeout = 60_000)]
    public async Task Retries_mend_transient_failures_with_backoff()
    {
        string key = NewId("flaky");
        OrchestrationMetadata done = await RunAsync(nameof(PatternFunctions.Retrying), new FlakyInput(key, FailuresBeforeSuccess: 2));

        Assert.Equal("succeeded on attempt 3", done.ReadOutputAs<string>());
        Assert.Equal(3, PatternFunctions.Attempts[key]);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_refusal_the_retry_policy_excludes_is_tried_once_and_reaches_the_orchestrator_as_TaskFailedException()
    {
        string key = NewId("refuse");
        OrchestrationMetadata done = await RunAsync(nameof(PatternFunctions.Retrying), new FlakyInput(key, FailuresBeforeSuccess: 0));

        Assert.Equal("gave up: RefusedException: attempt 1 refused", done.ReadOutputAs<string>());
        Assert.Equal(1, PatternFunctions.Attempts[key]);
    }

    [Fact(Timeout = 60_000)]
    public async Task ContinueAsNew_loops_on_durable_timers_with_fresh_history_each_time()
    {
        OrchestrationMetadata done = await RunAsync(nameof(PatternFunctions.Loop), new LoopState(3, TimeSpan.FromMilliseconds(200)));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(3, done.ReadOutputAs<int>());
        Assert.Equal(3, done.ReadInputAs<LoopState>()!.Done);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_uncaught_activity_failure_fails_the_orchestration_with_the_activity_message()
    {
        OrchestrationMetadata done = await RunAsync(nameof(PatternFunctions.FailsUncaught), "bad input");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("boom: bad input", done.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Terminate_ends_a_waiting_instance_with_the_reason()
    {
        string id = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(PatternFunctions.WaitForGo), "t");
        await WaitForCustomStatusAsync(id);

        await Client.TerminateInstanceAsync(id, "no longer needed");
        OrchestrationMetadata done = await WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal("no longer needed", done.ReadOutputAs<string>());
    }

    [Fact(Timeout = 60_000)]
    public async Task Suspend_holds_events_until_resume()
    {
        string id = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(PatternFunctions.WaitForGo), "s");
        await WaitForCustomStatusAsync(id);

        await Client.SuspendInstanceAsync(id, "paused by test");
        await EventuallyAsync(async () => (await Client.GetInstanceAsync(id))?.RuntimeStatus == OrchestrationRuntimeStatus.Suspended);
        await Client.RaiseEventAsync(id, "go", "now");
        await Task.Delay(1000);
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, (await Client.GetInstanceAsync(id))?.RuntimeStatus);

        await Client.ResumeInstanceAsync(id, "carry on");
        OrchestrationMetadata done = await WaitAsync(id);

        Assert.Equal("s|now", done.ReadOutputAs<string>());
    }

    [Fact(Timeout = 60_000)]
    public async Task Purge_deletes_a_finished_instance_and_refuses_a_running_one()
    {
        string finished = NewId("purge");
        await RunAsync(nameof(PatternFunctions.HelloSequence), new[] { "Oslo" }, finished);
        string running = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(PatternFunctions.WaitForGo), "p");
        await WaitForCustomStatusAsync(running);

        PurgeResult purged = await Client.PurgeInstanceAsync(finished);

        Assert.Equal(1, purged.PurgedInstanceCount);
        Assert.Null(await Client.GetInstanceAsync(finished));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Client.PurgeInstanceAsync(running));
        await Client.TerminateInstanceAsync(running);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_second_start_of_a_running_instance_is_refused()
    {
        string id = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(PatternFunctions.WaitForGo), "d", new StartOrchestrationOptions(NewId("dedupe")));
        await WaitForCustomStatusAsync(id);

        await Assert.ThrowsAsync<global::DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException>(
            () => Client.ScheduleNewOrchestrationInstanceAsync(nameof(PatternFunctions.WaitForGo), "d", new StartOrchestrationOptions(id)));
        await Client.RaiseEventAsync(id, "go", "once");
        Assert.Equal("d|once", (await WaitAsync(id)).ReadOutputAs<string>());
    }

    internal static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        DateTime deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the condition");
            await Task.Delay(20);
        }
    }

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private async Task<OrchestrationMetadata> RunAsync(string orchestrator, object input, string? instanceId = null, TimeSpan? timeout = null)
    {
        string id = await Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(instanceId));
        return await WaitAsync(id, timeout);
    }

    private async Task<OrchestrationMetadata> WaitAsync(string instanceId, TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(50));
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cancellation.Token);
    }

    /// <summary>Until the orchestrator has run its first episode (it sets a custom status before it waits).</summary>
    private Task WaitForCustomStatusAsync(string instanceId) =>
        EventuallyAsync(async () => (await Client.GetInstanceAsync(instanceId))?.SerializedCustomStatus is not null);
}

[Trait("Category", "Unit")]
public sealed class InMemoryDurablePatternTests(InMemoryTaskHubFixture hub) : DurablePatternTests(hub), IClassFixture<InMemoryTaskHubFixture>;

[Trait("Category", "Integration")]
public sealed class AzureStorageDurablePatternTests(AzureStorageTaskHubFixture hub) : DurablePatternTests(hub), IClassFixture<AzureStorageTaskHubFixture>;
