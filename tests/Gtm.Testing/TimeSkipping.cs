using Gtm.Durable.InMemory;
using Microsoft.Extensions.Time.Testing;

namespace Gtm.Testing;

/// <summary>
/// Skips time on the in-memory backend: whenever nothing is left to run now, fake time jumps to the
/// next durable timer. A month of hourly timers takes milliseconds of wall time.
/// </summary>
public static class TimeSkipping
{
    public static async Task RunUntilAsync(
        this InMemoryOrchestrationService backend,
        FakeTimeProvider time,
        Func<Task<bool>> done,
        TimeSpan maxSimulated,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(done);
        DateTimeOffset limit = time.GetUtcNow() + maxSimulated;
        while (!await done().ConfigureAwait(false))
        {
            await backend.WaitForIdleAsync(cancellationToken).ConfigureAwait(false);
            if (await done().ConfigureAwait(false))
            {
                return;
            }

            if (backend.NextTimerDueAt is not { } next)
            {
                throw new InvalidOperationException("Nothing is left to run and no timer is pending, but the condition does not hold.");
            }

            if (next > limit)
            {
                throw new InvalidOperationException($"The next timer is due at {next:O}, past the limit of {limit:O}.");
            }

            time.SetUtcNow(new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc)));
            backend.NotifyTimeChanged();
        }
    }
}
