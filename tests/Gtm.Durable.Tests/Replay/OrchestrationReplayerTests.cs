using Gtm.Durable.History;
using Gtm.Durable.Replay;
using Gtm.Durable.Samples;
using static Gtm.Durable.Tests.Replay.HandMadeHistory;

namespace Gtm.Durable.Tests.Replay;

/// <summary>The public replayer: how it reports a history today's code does or does not reproduce.</summary>
[Trait("Category", "Unit")]
public sealed class OrchestrationReplayerTests
{
    private static readonly HistoryEvent[] TwoCities =
    [
        .. Started(nameof(HelloSequence), new[] { "Tokyo", "Oslo" }), Scheduled(0, nameof(SayHello), "Tokyo"),
        Episode(1), Completed(0, "Hello, Tokyo!"), Scheduled(1, nameof(SayHello), "Oslo"),
    ];

    [Fact]
    public void A_finished_history_replays_to_its_recorded_output()
    {
        string? output = Json(new[] { "Hello, Tokyo!", "Hello, Oslo!" });

        ReplayResult result = Replay([.. TwoCities, Episode(2), Completed(1, "Hello, Oslo!"), Finished(output)]);

        Assert.True(result.IsDeterministic, result.ReplayFailure?.Message);
        Assert.Equal((ReplayStatus.Completed, output), (result.Status, result.SerializedOutput));
    }

    [Fact]
    public void A_history_recorded_mid_flight_replays_to_running()
    {
        ReplayResult result = Replay(TwoCities);

        Assert.True(result.IsDeterministic, result.ReplayFailure?.Message);
        Assert.Equal((ReplayStatus.Running, null), (result.Status, result.SerializedOutput));
    }

    [Fact]
    public void A_recorded_output_that_differs_from_the_replayed_one_is_a_mismatch()
    {
        ReplayResult result = Replay([.. TwoCities, Episode(2), Completed(1, "Hello, Oslo!"), Finished(Json(new[] { "Bonjour" }))]);

        Assert.False(result.IsDeterministic);
        Assert.Equal(ReplayStatus.Completed, result.Status);
        Assert.Contains("""completed with ["Bonjour"]""", result.ReplayFailure!.Message, StringComparison.Ordinal);
        Assert.Contains("""completed with ["Hello, Tokyo!","Hello, Oslo!"]""", result.ReplayFailure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Work_the_code_schedules_but_the_history_does_not_record_is_a_mismatch()
    {
        ReplayResult result = Replay([.. TwoCities[..^1]]);

        Assert.False(result.IsDeterministic);
        Assert.Contains("replay scheduled activity 'SayHello' (#1), which the history does not record", result.ReplayFailure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_renamed_activity_is_reported_as_the_executor_reports_it()
    {
        ReplayResult result = Replay([.. Started(nameof(HelloSequence), new[] { "Tokyo" }), Scheduled(0, "SayGoodbye", "Tokyo")]);

        Assert.Equal(ReplayStatus.Failed, result.Status);
        Assert.Equal(result.FailureDetails?.ErrorMessage, result.ReplayFailure?.Message);
        Assert.Contains("'SayGoodbye'", result.ReplayFailure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_history_without_an_ExecutionStarted_event_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Replay([Episode(0), Scheduled(0, nameof(SayHello), "Tokyo")]));
    }

    private static ReplayResult Replay(IReadOnlyList<HistoryEvent> history) =>
        OrchestrationReplayer.Replay(new HelloSequence(), nameof(HelloSequence), InstanceId, history);

    private static ExecutionCompletedEvent Finished(string? output) => new(At(2), OrchestrationRuntimeStatus.Completed, output);
}
