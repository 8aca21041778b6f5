using Gtm.Durable.History;
using Gtm.Durable.Replay;
using Gtm.Durable.Samples;

namespace Gtm.Durable.Tests.Replay;

/// <summary>
/// Replays every recorded history in Replay/Histories against today's code, as Temporal's
/// WorkflowReplayerTests do: a change that would break running instances fails here.
/// </summary>
[Trait("Category", "Unit")]
public sealed class GoldenHistoryTests
{
    private static readonly DurableTaskRegistry Registry = new DurableTaskRegistry()
        .AddAllFrom(typeof(HelloSequence).Assembly)
        .AddAllFrom(typeof(GoldenHistoryTests).Assembly);

    public static TheoryData<string> HistoryFiles() => new(FileNames());

    [Theory]
    [MemberData(nameof(HistoryFiles))]
    public void Golden_history_replays_as_its_file_expects(string file)
    {
        GoldenHistory golden = GoldenHistory.Load(Path.Combine(GoldenHistory.OutputDirectory, file));
        var orchestrator = (ITaskOrchestrator)Activator.CreateInstance(Registry.Orchestrators[golden.Orchestrator])!;

        ReplayResult result = OrchestrationReplayer.Replay(orchestrator, golden.Orchestrator, golden.InstanceId, golden.Events);

        if (golden.Expected == GoldenExpectation.NonDeterministic)
        {
            NonDeterministicOrchestrationException failure = Assert.IsType<NonDeterministicOrchestrationException>(result.ReplayFailure);
            Assert.False(result.IsDeterministic);
            Assert.Equal(ReplayStatus.Failed, result.Status);
            Assert.NotEmpty(golden.FailureMentions);
            Assert.All(golden.FailureMentions, name => Assert.Contains($"'{name}'", failure.Message, StringComparison.Ordinal));
            return;
        }

        Assert.True(result.IsDeterministic, result.ReplayFailure?.Message);
        ExecutionCompletedEvent? recorded = golden.Events.OfType<ExecutionCompletedEvent>().SingleOrDefault();
        ReplayStatus expected = recorded switch
        {
            null => ReplayStatus.Running,
            { Status: OrchestrationRuntimeStatus.Failed } => ReplayStatus.Failed,
            _ => ReplayStatus.Completed,
        };
        Assert.Equal(expected, result.Status);
        Assert.Equal(recorded?.Result, result.SerializedOutput);
    }

    [Fact]
    public void Golden_histories_cover_each_recorded_pattern_and_one_non_deterministic_history()
    {
        List<GoldenHistory> histories = [.. FileNames().Select(file => GoldenHistory.Load(Path.Combine(GoldenHistory.OutputDirectory, file)))];

        Assert.Single(histories, h => h.Expected == GoldenExpectation.NonDeterministic);
        Assert.Superset(
            new HashSet<string> { "HelloSequence", "FanOutFanIn", "ApprovalWorkflow", "RetryingOrchestrator", "ParentOfChildren" },
            histories.Where(h => h.Expected == GoldenExpectation.Deterministic).Select(h => h.Orchestrator).ToHashSet());
    }

    private static IEnumerable<string> FileNames() =>
        Directory.EnumerateFiles(GoldenHistory.OutputDirectory, "*.json").Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal);
}
