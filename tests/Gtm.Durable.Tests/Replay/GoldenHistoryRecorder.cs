using System.Runtime.CompilerServices;
using Gtm.Durable.History;
using Gtm.Durable.Samples;
using Gtm.Durable.Tests.Support;
using Gtm.Durable.Tests.TestTasks;

namespace Gtm.Durable.Tests.Replay;

/// <summary>
/// Records the golden histories by running the orchestrations on the in-memory backend and
/// writes them to the source folder Replay/Histories. Skipped unless GTM_RECORD_HISTORIES=1:
/// re-record only on purpose, after a change that is meant to break replay of old histories.
/// </summary>
[Trait("Category", "Unit")]
public sealed class GoldenHistoryRecorder
{
    [RecordHistoriesFact(Timeout = 120_000)]
    public async Task Recording_runs_each_orchestration_and_writes_its_history()
    {
        await using TestHub hub = await TestHub.StartAsync(builder => builder.UseInMemory());
        var recorder = new Recorder(hub);

        GoldenHistory hello = await recorder.RunAsync(
            nameof(HelloSequence), new[] { "Tokyo", "Seattle", "London" }, """["Hello, Tokyo!","Hello, Seattle!","Hello, London!"]""",
            "Function chaining: three SayHello activities, one after the other.");
        await recorder.RunAsync(nameof(FanOutFanIn), 5, "55", "Fan-out/fan-in: five Square activities at once, then their sum.");
        Flaky.Attempts.TryRemove("golden-retry", out _);
        await recorder.RunAsync(
            nameof(RetryingOrchestrator), new RetryInput("golden-retry", Failures: 2, MaxAttempts: 4), "\"succeeded on attempt 3\"",
            "Retries: Flaky fails twice (TaskFailed, then a retry timer each time) and succeeds on the third attempt.");
        await recorder.RunAsync(
            nameof(ParentOfChildren), 3, "\"1,5,14|Hello, Oslo!\"",
            "Sub-orchestrations: three FanOutFanIn children in parallel, then a HelloSequence child with a chosen instance id.");
        await recorder.RunAsync(
            nameof(ApprovalWorkflow), new ApprovalRequest("budget", TimeSpan.FromMilliseconds(200)), "\"'budget' escalated: no decision in time\"",
            "Human interaction, timed out: the timer fires before any decision, so the Escalate activity runs.",
            "timed-out");
        await recorder.RecordApprovedAsync();
        await recorder.RecordWaitingAsync();
        recorder.Write(Renamed(hello, "SayGoodbye"), "renamed-activity");

        Assert.Equal(8, recorder.Written.Count);
    }

    /// <summary>HelloSequence as an older version would have recorded it, calling another activity first.</summary>
    private static GoldenHistory Renamed(GoldenHistory recorded, string activity)
    {
        TaskScheduledEvent first = recorded.Events.OfType<TaskScheduledEvent>().First();
        string original = first.Name;
        return recorded with
        {
            Description = $"Non-deterministic on purpose: the recorded HelloSequence history with its first TaskScheduled renamed from " +
                $"'{original}' to '{activity}', as if an older version had called '{activity}'. Replay must fail naming both.",
            Expected = GoldenExpectation.NonDeterministic,
            FailureMentions = [activity, original],
            Events = [.. recorded.Events.Select(e => e == first ? first with { Name = activity } : e)],
        };
    }

    private sealed class Recorder(TestHub hub)
    {
        private readonly string directory = SourceDirectory();

        public List<string> Written { get; } = [];

        public async Task<GoldenHistory> RunAsync(string orchestrator, object input, string expectedJson, string description, string? variant = null)
        {
            string instanceId = InstanceId(orchestrator, variant);
            OrchestrationMetadata done = await hub.RunAsync(orchestrator, input, instanceId);
            Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ToString());
            Assert.Equal(expectedJson, done.SerializedOutput);
            return await WriteAsync(orchestrator, instanceId, description, variant);
        }

        public async Task RecordApprovedAsync()
        {
            string instanceId = InstanceId(nameof(ApprovalWorkflow), "approved");
            await hub.Client.ScheduleNewOrchestrationInstanceAsync(
                nameof(ApprovalWorkflow), new ApprovalRequest("budget", TimeSpan.FromMinutes(5)), new StartOrchestrationOptions(instanceId));
            await WaitForTimerAsync(instanceId);
            await hub.Client.RaiseEventAsync(instanceId, ApprovalWorkflow.DecisionEvent, new ApprovalDecision(true, "lead"));
            OrchestrationMetadata done = await hub.WaitAsync(instanceId);
            Assert.Equal("'budget' approved by lead", done.ReadOutputAs<string>());
            await WriteAsync(
                nameof(ApprovalWorkflow), instanceId,
                "Human interaction, answered: the ApprovalDecision event arrives before the five-minute timeout.", "approved");
        }

        public async Task RecordWaitingAsync()
        {
            string instanceId = InstanceId(nameof(ApprovalWorkflow), "waiting");
            await hub.Client.ScheduleNewOrchestrationInstanceAsync(
                nameof(ApprovalWorkflow), new ApprovalRequest("budget", TimeSpan.FromHours(1)), new StartOrchestrationOptions(instanceId));
            await WaitForTimerAsync(instanceId);
            await WriteAsync(
                nameof(ApprovalWorkflow), instanceId,
                "Human interaction, recorded mid-flight: still waiting for a decision, its timeout timer created. Replay must stay running.",
                "waiting");
            await hub.Client.TerminateInstanceAsync(instanceId, "recorded");
        }

        public void Write(GoldenHistory history, string variant)
        {
            string file = $"{history.Orchestrator}.{variant}.json";
            history.Save(Path.Combine(directory, file));
            Written.Add(file);
        }

        private async Task<GoldenHistory> WriteAsync(string orchestrator, string instanceId, string description, string? variant)
        {
            IReadOnlyList<HistoryEvent> events = await hub.Client.GetOrchestrationHistoryAsync(instanceId);
            var history = new GoldenHistory(orchestrator, instanceId, description, GoldenExpectation.Deterministic, [], events);
            string file = variant is null ? $"{orchestrator}.json" : $"{orchestrator}.{variant}.json";
            history.Save(Path.Combine(directory, file));
            Written.Add(file);
            return history;
        }

        private Task WaitForTimerAsync(string instanceId) => TestHub.EventuallyAsync(
            async () => (await hub.Client.GetOrchestrationHistoryAsync(instanceId)).Any(e => e is TimerCreatedEvent),
            because: $"{instanceId} to create its timeout timer");

        private static string InstanceId(string orchestrator, string? variant) =>
            $"golden-{orchestrator}{(variant is null ? "" : "-" + variant)}";

        /// <summary>The source folder, not the build output: recorded files are meant to be committed.</summary>
        private static string SourceDirectory([CallerFilePath] string thisFile = "")
        {
            string directory = Path.Combine(Path.GetDirectoryName(thisFile)!, "Histories");
            Assert.True(Directory.Exists(directory), $"The source folder {directory} does not exist; record from a source checkout.");
            return directory;
        }
    }
}
