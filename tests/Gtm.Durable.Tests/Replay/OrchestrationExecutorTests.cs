using Gtm.Durable.History;
using Gtm.Durable.Replay;
using Gtm.Durable.Samples;
using Gtm.Durable.Tests.TestTasks;
using static Gtm.Durable.Tests.Replay.HandMadeHistory;

namespace Gtm.Durable.Tests.Replay;

/// <summary>The executor over hand-made histories: what replay checks, ignores and keeps stable.</summary>
[Trait("Category", "Unit")]
public sealed class OrchestrationExecutorTests
{
    [Fact]
    public void A_recorded_activity_with_another_name_fails_replay_naming_both()
    {
        HistoryEvent[] past = [.. Started(nameof(HelloSequence), new[] { "Tokyo" }), Scheduled(0, "SayGoodbye", "Tokyo")];

        ExecutionResult result = Execute(new HelloSequence(), past, []);

        TaskFailureDetails failure = Failure(result);
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, failure.ErrorType);
        Assert.Contains("activity 'SayGoodbye' (#0)", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("activity 'SayHello' (#0)", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(result.NewActions);
    }

    [Fact]
    public void A_recorded_activity_where_the_code_now_creates_a_timer_fails_replay()
    {
        HistoryEvent[] past = [.. Started(nameof(EventOrder), 1), Scheduled(0, nameof(Echo), "x")];

        ExecutionResult result = Execute(new EventOrder(), past, []);

        TaskFailureDetails failure = Failure(result);
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, failure.ErrorType);
        Assert.Contains("history has activity 'Echo' (#0), but replay scheduled timer #0", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_completion_is_ignored_and_reported()
    {
        HistoryEvent[] past =
        [
            .. Started(nameof(DuplicateProbe), "original"), Scheduled(0, nameof(Echo), "original"),
            Episode(1), Completed(0, "original"),
        ];
        TaskCompletedEvent duplicate = Completed(0, "delivered again");

        ExecutionResult result = Execute(new DuplicateProbe(), past, [Episode(2), duplicate, Raised("go", "go")]);

        Assert.Equal("original|go", Output<string>(result));
        Assert.Equal([duplicate], result.IgnoredDuplicates);
    }

    [Fact]
    public void IsReplaying_is_true_while_past_events_replay_and_false_for_new_ones()
    {
        ExecutionResult result = Execute(new ReplayingProbe(), ReplayingProbeHistory(), [Episode(3), Completed(2, "third")]);

        Assert.Equal([true, true, true, false], Output<List<bool>>(result));
    }

    [Fact]
    public void A_replay_safe_logger_logs_only_what_new_events_cause()
    {
        using var firstRun = new CapturingLoggerFactory();
        using var laterRun = new CapturingLoggerFactory();

        Execute(new ReplayingProbe(), [], Started(nameof(ReplayingProbe), null), firstRun);
        Execute(new ReplayingProbe(), ReplayingProbeHistory(), [Episode(3), Completed(2, "third")], laterRun);

        Assert.Equal(["before first"], firstRun.Messages);
        Assert.Equal(["done"], laterRun.Messages);
    }

    [Fact]
    public void A_custom_status_over_16_KB_fails_the_orchestration_with_an_ArgumentException()
    {
        ExecutionResult result = Execute(new OversizedCustomStatus(), [], Started(nameof(OversizedCustomStatus), 17 * 1024));

        TaskFailureDetails failure = Failure(result);
        Assert.Equal(typeof(ArgumentException).FullName, failure.ErrorType);
        Assert.Contains("at most 16384 are allowed", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Null(result.CustomStatus);
    }

    [Fact]
    public void A_custom_status_within_16_KB_is_kept()
    {
        ExecutionResult result = Execute(new OversizedCustomStatus(), [], Started(nameof(OversizedCustomStatus), 15 * 1024));

        Assert.Equal("status set", Output<string>(result));
        Assert.Equal(Json(new string('x', 15 * 1024)), result.CustomStatus);
    }

    [Fact]
    public void NewGuid_returns_the_same_values_when_the_same_history_is_replayed_twice()
    {
        HistoryEvent[] past = [.. Started(nameof(Deterministic), null), Scheduled(0, nameof(Echo), "x")];
        HistoryEvent[] newEvents = [Episode(5), Completed(0, "x")];

        DeterministicValues? first = Output<DeterministicValues>(Execute(new Deterministic(), past, newEvents));
        DeterministicValues? second = Output<DeterministicValues>(Execute(new Deterministic(), [.. past, .. newEvents], []));

        Assert.NotNull(first);
        Assert.Equal(first, second);
        Assert.NotEqual(first.First, first.Second);
        Assert.Equal((Start, At(5)), (first.StartedAt, first.AfterActivity));
    }

    /// <summary>Two episodes of <see cref="ReplayingProbe"/>: the first and second activities done, the third scheduled.</summary>
    private static HistoryEvent[] ReplayingProbeHistory() =>
    [
        .. Started(nameof(ReplayingProbe), null), Scheduled(0, nameof(Echo), "first"),
        Episode(1), Completed(0, "first"), Scheduled(1, nameof(Echo), "second"),
        Episode(2), Completed(1, "second"), Scheduled(2, nameof(Echo), "third"),
    ];
}
