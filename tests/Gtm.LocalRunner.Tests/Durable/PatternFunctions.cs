using System.Collections.Concurrent;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.LocalRunner.Tests.Durable;

public sealed record ApprovalRequest(string Subject, TimeSpan Timeout);

public sealed record ApprovalDecision(bool Approved, string By);

public sealed record FlakyInput(string Key, int FailuresBeforeSuccess);

public sealed record ParentSeen(string? ParentId, string? ParentName, string Child);

public sealed record LoopState(int Left, TimeSpan Interval, int Done = 0);

public sealed record ClockReading(DateTime Before, DateTime After);

/// <summary>Thrown by an activity for a call that can never succeed: the retry policy names it, so it is not retried.</summary>
public sealed class RefusedException(string message) : Exception(message);

/// <summary>Durable Functions' patterns as function-style orchestrators and activities, as the Durable samples write them.</summary>
public static class PatternFunctions
{
    public const string DecisionEvent = "ApprovalDecision";

    public static readonly ConcurrentDictionary<string, int> Attempts = new();

    /// <summary>Function chaining: one activity after the other.</summary>
    [Function(nameof(HelloSequence))]
    public static async Task<List<string>> HelloSequence([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var greetings = new List<string>();
        foreach (string city in context.GetInput<string[]>()!)
        {
            greetings.Add(await context.CallActivityAsync<string>(nameof(SayHello), city));
        }

        return greetings;
    }

    [Function(nameof(SayHello))]
    public static string SayHello([ActivityTrigger] string city) => $"Hello, {city}!";

    /// <summary>Fan-out/fan-in: one activity per item at once, then the results summed.</summary>
    [Function(nameof(FanOutFanIn))]
    public static async Task<long> FanOutFanIn([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        long[] squares = await Task.WhenAll(Enumerable.Range(1, context.GetInput<int>()).Select(n => context.CallActivityAsync<long>(nameof(Square), n)));
        return squares.Sum();
    }

    [Function(nameof(Square))]
    public static long Square([ActivityTrigger] int n) => (long)n * n;

    /// <summary>Human interaction: a decision racing a durable timeout.</summary>
    [Function(nameof(Approval))]
    public static async Task<string> Approval([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ApprovalRequest request = context.GetInput<ApprovalRequest>()!;
        context.SetCustomStatus(new { waitingFor = DecisionEvent, request.Subject });
        try
        {
            ApprovalDecision decision = await context.WaitForExternalEvent<ApprovalDecision>(DecisionEvent, request.Timeout);
            return $"'{request.Subject}' {(decision.Approved ? "approved" : "rejected")} by {decision.By}";
        }
        catch (TaskCanceledException)
        {
            return $"'{request.Subject}' escalated: no decision in time";
        }
    }

    /// <summary>Sub-orchestrations: children in parallel, each reporting who its parent is.</summary>
    [Function(nameof(Parent))]
    public static async Task<ParentSeen[]> Parent([OrchestrationTrigger] TaskOrchestrationContext context) =>
        await Task.WhenAll(Enumerable.Range(1, context.GetInput<int>()).Select(n =>
            context.CallSubOrchestratorAsync<ParentSeen>(nameof(Child), $"child {n}", new SubOrchestrationOptions { InstanceId = $"{context.InstanceId}-child-{n}" })));

    [Function(nameof(Child))]
    public static Task<ParentSeen> Child([OrchestrationTrigger] TaskOrchestrationContext context) =>
        Task.FromResult(new ParentSeen(context.Parent?.InstanceId, context.Parent?.Name.Name, context.GetInput<string>()!));

    /// <summary>Retries: transient failures are retried with backoff, a refusal is not.</summary>
    [Function(nameof(Retrying))]
    public static async Task<string> Retrying([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        FlakyInput input = context.GetInput<FlakyInput>()!;
        var retry = TaskOptions.FromRetryPolicy(new RetryPolicy(4, TimeSpan.FromMilliseconds(50), 2)
        {
            HandleFailure = failure => !failure.IsCausedBy<RefusedException>(),
        });
        try
        {
            int attempt = await context.CallActivityAsync<int>(nameof(Flaky), input, retry);
            return $"succeeded on attempt {attempt}";
        }
        catch (TaskFailedException ex)
        {
            return $"gave up: {ex.FailureDetails.ErrorType.Split('.')[^1]}: {ex.FailureDetails.ErrorMessage}";
        }
    }

    /// <summary>Fails the given number of times per key (a refusal when the key says so), then succeeds.</summary>
    [Function(nameof(Flaky))]
    public static int Flaky([ActivityTrigger] FlakyInput input)
    {
        int attempt = Attempts.AddOrUpdate(input.Key, 1, (_, n) => n + 1);
        if (input.Key.StartsWith("refuse", StringComparison.Ordinal))
        {
            throw new RefusedException($"attempt {attempt} refused");
        }

        return attempt <= input.FailuresBeforeSuccess ? throw new TimeoutException($"attempt {attempt} timed out") : attempt;
    }

    /// <summary>Calls a flaky activity once, without retries: it fails the first time, as a rewind's test needs.</summary>
    [Function(nameof(NoRetry))]
    public static async Task<string> NoRetry([OrchestrationTrigger] TaskOrchestrationContext context) =>
        $"succeeded on attempt {await context.CallActivityAsync<int>(nameof(Flaky), context.GetInput<FlakyInput>())}";

    /// <summary>An eternal loop: a check, a durable timer, then ContinueAsNew with fresh history.</summary>
    [Function(nameof(Loop))]
    public static async Task<int> Loop([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        LoopState state = context.GetInput<LoopState>()!;
        if (state.Left == 0)
        {
            return state.Done;
        }

        await context.CallActivityAsync<string>(nameof(SayHello), $"check {state.Done}");
        await context.CreateTimer(state.Interval, CancellationToken.None);
        context.ContinueAsNew(state with { Left = state.Left - 1, Done = state.Done + 1 });
        return state.Done;
    }

    /// <summary>Waits for "go"; terminate, suspend and resume act on it meanwhile.</summary>
    [Function(nameof(WaitForGo))]
    public static async Task<string> WaitForGo([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        context.SetCustomStatus("waiting");
        string go = await context.WaitForExternalEvent<string>("go");
        return $"{context.GetInput<string>()}|{go}";
    }

    /// <summary>An activity that throws, uncaught: the orchestration fails with its details.</summary>
    [Function(nameof(FailsUncaught))]
    public static async Task<string> FailsUncaught([OrchestrationTrigger] TaskOrchestrationContext context) =>
        await context.CallActivityAsync<string>(nameof(Explode), context.GetInput<string>());

    [Function(nameof(Explode))]
    public static string Explode([ActivityTrigger] string why) => throw new InvalidOperationException($"boom: {why}");

    /// <summary>The orchestration's clock around a long durable timer.</summary>
    [Function(nameof(LongSleep))]
    public static async Task<ClockReading> LongSleep([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        DateTime before = context.CurrentUtcDateTime;
        await context.CreateTimer(context.GetInput<TimeSpan>(), CancellationToken.None);
        return new ClockReading(before, context.CurrentUtcDateTime);
    }
}
