using Gtm.Channels;

namespace Gtm.Activities.Channels;

/// <summary>One call's outcome in a batch: its result, or the platform's failure.</summary>
public sealed record BatchOutcome<TItem, TResult>(TItem Item, TResult? Result, ChannelException? Failure);

/// <summary>
/// Runs one channel operation on all of a venture's campaigns at once, inside one activity. On the
/// Azure Storage provider every activity costs a work-item message, a reply on the control queue
/// and history rows, so a venture's five campaigns take one activity per step, not five. Every
/// operation batched here is idempotent (a key or an end state), so an activity retry that repeats
/// the calls that had succeeded changes nothing.
/// </summary>
public static class ChannelBatch
{
    public static async Task<IReadOnlyList<BatchOutcome<TItem, TResult>>> RunAsync<TItem, TResult>(IEnumerable<TItem> items, Func<TItem, Task<TResult>> call) =>
        await Task.WhenAll(items.Select(async item =>
        {
            try
            {
                return new BatchOutcome<TItem, TResult>(item, await call(item), null);
            }
            catch (ChannelException ex)
            {
                return new BatchOutcome<TItem, TResult>(item, default, ex);
            }
        }));

    /// <summary>
    /// Throws when a call failed in a way that trying again may mend, so the orchestration's retry
    /// policy runs the batch again; refusals are left to the caller.
    /// </summary>
    public static void ThrowIfRetryable<TItem, TResult>(IReadOnlyList<BatchOutcome<TItem, TResult>> outcomes, Func<TItem, string> describe)
    {
        BatchOutcome<TItem, TResult>[] retryable = [.. outcomes.Where(o => o.Failure is { Retryable: true })];
        if (retryable.Length > 0)
        {
            throw new ChannelException(retryable[0].Failure!.Channel, Describe(retryable, describe), retryable.Max(o => o.Failure!.RetryAfter));
        }
    }

    /// <summary>Throws when any call failed: a refusal (not retried) when every failure was one.</summary>
    public static void ThrowIfFailed<TItem, TResult>(IReadOnlyList<BatchOutcome<TItem, TResult>> outcomes, Func<TItem, string> describe)
    {
        ThrowIfRetryable(outcomes, describe);
        BatchOutcome<TItem, TResult>[] refused = [.. outcomes.Where(o => o.Failure is not null)];
        if (refused.Length > 0)
        {
            throw new ChannelRefusedException(refused[0].Failure!.Channel, Describe(refused, describe));
        }
    }

    public static string Describe<TItem, TResult>(IEnumerable<BatchOutcome<TItem, TResult>> failed, Func<TItem, string> describe) =>
        string.Join("; ", failed.Select(o => $"{describe(o.Item)}: {o.Failure!.Message}"));
}
