using Gtm.Durable.Backend;
using Gtm.Durable.History;
using Gtm.Durable.Tests.TestTasks;

namespace Gtm.Durable.Tests.Conformance;

/// <summary>The runtime's guarantees: determinism, failures, duplicates, poison, payload sizes.</summary>
public abstract partial class ConformanceTests
{
    [Fact(Timeout = 60_000)]
    public async Task Guids_and_time_come_from_history_and_are_stable()
    {
        OrchestrationMetadata done = await Hub.RunAsync(nameof(Deterministic));
        DeterministicValues values = done.ReadOutputAs<DeterministicValues>()!;

        Assert.NotEqual(values.First, values.Second);
        Assert.Equal(5, values.First.Version);
        Assert.True(values.AfterActivity >= values.StartedAt);
        Assert.True(values.ParentIsNull);
    }

    [Theory(Timeout = 60_000)]
    [InlineData(nameof(UsesWallClock), "DateTime.get_UtcNow")]
    [InlineData(nameof(UsesTaskDelay), "Task.Delay")]
    [InlineData(nameof(UsesTaskRun), "Task.Run")]
    [InlineData(nameof(UsesWallClockTimeout), "CancellationTokenSource..ctor")]
    public async Task Orchestrator_calling_a_forbidden_api_fails_with_a_message_naming_it(string orchestrator, string api)
    {
        OrchestrationMetadata done = await Hub.RunAsync(orchestrator);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, done.FailureDetails?.ErrorType);
        Assert.Contains(api, done.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Unregistered_orchestrator_fails_the_instance_with_a_clear_error()
    {
        OrchestrationMetadata done = await Hub.RunAsync("NoSuchOrchestrator");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal("No orchestrator named 'NoSuchOrchestrator' is registered with this worker.", done.FailureDetails?.ErrorMessage);
    }

    [Fact(Timeout = 60_000)]
    public async Task Duplicate_activity_results_are_ignored()
    {
        string id = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(DuplicateProbe), "original");
        await Support.TestHub.EventuallyAsync(async () =>
            (await Client.GetInstanceAsync(id, getInputsAndOutputs: true))?.ReadCustomStatusAs<string>() == "waiting");
        InstanceState state = (await Backend.GetStateAsync(id, includePayloads: false, CancellationToken.None))!;
        var duplicate = new TaskCompletedEvent(DateTime.UtcNow, 0, "\"duplicate\"");

        // Redelivered with its original id (dropped by the inbox), and with a new id (ignored by replay).
        await Backend.SendMessageAsync(new InstanceMessage(id, MessageIds.TaskResult(state.ExecutionId, 0), duplicate, state.ExecutionId), CancellationToken.None);
        await Backend.SendMessageAsync(new InstanceMessage(id, "t-redelivered", duplicate, state.ExecutionId), CancellationToken.None);
        await Client.RaiseEventAsync(id, "go", "go");
        OrchestrationMetadata done = await Hub.WaitAsync(id);

        Assert.Equal("original|go", done.ReadOutputAs<string>());
        var history = await Client.GetOrchestrationHistoryAsync(id);
        Assert.Single(history, e => e is TaskCompletedEvent { TaskScheduledId: 0 });
    }

    [Fact(Timeout = 60_000)]
    public async Task Activity_message_that_keeps_failing_goes_to_the_poison_queue_and_fails_the_call()
    {
        string id = NewId("poison");
        OrchestrationMetadata done = await Hub.RunAsync(nameof(CallsCannotConstruct), instanceId: id);

        Assert.StartsWith("PoisonMessage: Set aside after failing 3 times", done.ReadOutputAs<string>(), StringComparison.Ordinal);
        IReadOnlyList<PoisonMessage> poison = await Client.GetPoisonMessagesAsync();
        PoisonMessage message = Assert.Single(poison, p => p.InstanceId == id);
        Assert.Contains("dependency 'ChannelClient' is not configured", message.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Orchestration_that_keeps_failing_goes_to_the_poison_queue_and_fails_with_the_error()
    {
        string id = NewId("poisoned");
        OrchestrationMetadata done = await Hub.RunAsync(nameof(CannotConstructOrchestrator), instanceId: id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal("PoisonMessage", done.FailureDetails?.ErrorType);
        Assert.Contains("orchestrator dependency 'ThresholdStore' is not configured", done.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
        IReadOnlyList<PoisonMessage> poison = await Client.GetPoisonMessagesAsync();
        Assert.Contains(poison, p => p.InstanceId == id && p.Description == nameof(ExecutionStartedEvent));
    }

    [Theory(Timeout = 120_000)]
    [InlineData(200 * 1024)]
    [InlineData(5 * 1024 * 1024)]
    public async Task Large_payloads_round_trip_through_input_activity_history_and_output(int size)
    {
        string payload = RandomText(size);

        OrchestrationMetadata done = await Hub.RunAsync(nameof(PayloadRoundTrip), payload, timeout: TimeSpan.FromSeconds(110));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(payload, done.ReadOutputAs<string>());
        Assert.Equal(payload, done.ReadInputAs<string>());
    }

    /// <summary>Random letters compress poorly, so the payload really is large in storage.</summary>
    private static string RandomText(int size)
    {
        var random = new Random(size);
        return string.Create(size, random, (span, r) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = (char)('a' + r.Next(26));
            }
        });
    }
}
