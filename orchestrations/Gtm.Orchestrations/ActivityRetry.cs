using Gtm.Channels;
using Microsoft.DurableTask;

namespace Gtm.Orchestrations;

/// <summary>
/// How the stage's orchestrations retry an activity: five attempts from 200 ms, doubling, at most
/// 10 s apart; a platform's refusal is not retried, since the same call would be refused again.
/// When the platform said when to come back (a rate limit's Retry-After, Meta's usage hold), the
/// next attempt waits that long on a durable timer, up to an hour: the activity returns at once
/// instead of holding a worker, and the wait survives a restart.
/// </summary>
public static class ActivityRetry
{
    private const int Attempts = 5;
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LongestBackoff = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LongestHold = TimeSpan.FromHours(1);

    public static readonly TaskOptions Standard = TaskOptions.FromRetryHandler(async retry =>
    {
        if (Delay(retry.LastAttemptNumber, retry.LastFailure) is not { } delay)
        {
            return false;
        }

        await retry.OrchestrationContext.CreateTimer(delay, retry.CancellationToken);
        return true;
    });

    /// <summary>How long to wait before the attempt after <paramref name="attempt"/> failed with <paramref name="failure"/>; null: give up.</summary>
    public static TimeSpan? Delay(int attempt, TaskFailureDetails failure)
    {
        if (attempt >= Attempts || failure.IsCausedBy<ChannelRefusedException>())
        {
            return null;
        }

        TimeSpan backoff = TimeSpan.FromTicks(Math.Min(FirstDelay.Ticks << (attempt - 1), LongestBackoff.Ticks));
        return ChannelException.RetryAfterIn(failure.ErrorMessage) is { } hold
            ? (hold > LongestHold ? null : TimeSpan.FromTicks(Math.Max(hold.Ticks, backoff.Ticks)))
            : backoff;
    }
}
