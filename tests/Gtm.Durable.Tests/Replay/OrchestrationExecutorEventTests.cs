using Gtm.Durable.History;
using Gtm.Durable.Replay;
using Gtm.Durable.Tests.TestTasks;
using static Gtm.Durable.Tests.Replay.HandMadeHistory;

namespace Gtm.Durable.Tests.Replay;

/// <summary>The executor's external events: timeouts, buffering, and events carried over by ContinueAsNew.</summary>
[Trait("Category", "Unit")]
public sealed class OrchestrationExecutorEventTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    [Fact]
    public void WaitForExternalEvent_with_a_timeout_returns_the_event_when_it_comes_first()
    {
        ExecutionResult result = Execute(new DecisionWithTimeout(), WaitingForDecision(), [Episode(60), Raised("Decision", "approved")]);

        Assert.Equal("approved", Output<string>(result));
        Assert.Empty(result.NewActions);
    }

    [Fact]
    public void WaitForExternalEvent_with_a_timeout_throws_TaskCanceledException_when_the_timer_fires_first()
    {
        HistoryEvent[] newEvents = [Episode(300), new TimerFiredEvent(At(300), 0, At(300)), Raised(DecisionWithTimeout.EventName, "too late")];

        ExecutionResult result = Execute(new DecisionWithTimeout(), WaitingForDecision(), newEvents);

        TaskFailureDetails failure = Failure(result);
        Assert.Equal(typeof(TaskCanceledException).FullName, failure.ErrorType);
        Assert.Equal($"No 'decision' event arrived within {Timeout}.", failure.ErrorMessage);
    }

    [Fact]
    public void Events_raised_before_any_wait_are_buffered_and_each_completes_one_wait_in_order()
    {
        HistoryEvent[] past = [.. Started(nameof(EventOrder), 3), new TimerCreatedEvent(Start, 0, At(0.2))];
        HistoryEvent[] newEvents =
        [
            Episode(1), Raised("Item", 10), Raised("item", 20), Raised("ITEM", 30), Raised("Item", 40),
            new TimerFiredEvent(At(1), 0, At(0.2)),
        ];

        ExecutionResult result = Execute(new EventOrder(), past, newEvents);

        Assert.Equal([10, 20, 30], Output<List<int>>(result));
    }

    [Fact]
    public void ContinueAsNew_preserving_unprocessed_events_carries_those_that_were_not_waited_for()
    {
        HistoryEvent[] newEvents = [.. Started(nameof(ContinueAfterGo), true), Raised("other", 1), Raised("go", "now"), Raised("late", 2)];

        ExecutionResult result = Execute(new ContinueAfterGo(), [], newEvents);

        ContinuedAsNewOutcome next = Assert.IsType<ContinuedAsNewOutcome>(result.Outcome);
        Assert.Equal(Json("now"), next.Input);
        Assert.Equal([("other", Json(1)), ("late", Json(2))], next.CarriedEvents.Select(e => (e.Name, e.Input)));
    }

    [Fact]
    public void ContinueAsNew_without_preserving_unprocessed_events_carries_none()
    {
        HistoryEvent[] newEvents = [.. Started(nameof(ContinueAfterGo), false), Raised("other", 1), Raised("go", "now"), Raised("late", 2)];

        ExecutionResult result = Execute(new ContinueAfterGo(), [], newEvents);

        ContinuedAsNewOutcome next = Assert.IsType<ContinuedAsNewOutcome>(result.Outcome);
        Assert.Equal(Json("now"), next.Input);
        Assert.Empty(next.CarriedEvents);
    }

    /// <summary>The first episode of <see cref="DecisionWithTimeout"/>: started, its timeout timer created.</summary>
    private static HistoryEvent[] WaitingForDecision() =>
        [.. Started(nameof(DecisionWithTimeout), Timeout), new TimerCreatedEvent(Start, 0, Start + Timeout)];
}
