using DurableTask.Core;
using Gtm.LocalRunner.Durable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Gtm.Testing.Durable;

/// <summary>
/// Skips time on the virtual-clock task hub: whenever nothing is left to run now, the fake clock
/// jumps to the next durable timer. A month of hourly timers takes milliseconds of wall time.
/// </summary>
public static class TimeSkipping
{
    public static async Task RunUntilAsync(
        this VirtualClockOrchestrationService hub,
        FakeTimeProvider time,
        Func<Task<bool>> done,
        TimeSpan maxSimulated,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(done);
        DateTimeOffset limit = time.GetUtcNow() + maxSimulated;
        int stalls = 0;
        while (!await done().ConfigureAwait(false))
        {
            await hub.WaitForIdleAsync(cancellationToken).ConfigureAwait(false);
            if (await done().ConfigureAwait(false))
            {
                return;
            }

            if (hub.NextTimerDueAt is not { } next)
            {
                // On a loaded machine the hub can look idle while a message waits to be taken: look
                // again for a few seconds before calling it stuck.
                if (++stalls <= 30)
                {
                    await Task.Delay(100, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw new InvalidOperationException("Nothing is left to run and no timer is pending, but the condition does not hold.");
            }

            stalls = 0;

            if (next > limit)
            {
                throw new InvalidOperationException($"The next timer is due at {next:O}, past the limit of {limit:O}.");
            }

            time.SetUtcNow(new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc)));
            await hub.ReleaseDueTimersAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs the market for <paramref name="span"/> as the timer functions would: each simulated hour
    /// <paramref name="everyHour"/> (a schedule), then whatever it started runs, then the clock moves
    /// on an hour; <paramref name="afterHour"/> sees each hour's end (counted from 1).
    /// </summary>
    public static async Task RunHourlyAsync(this VirtualClockOrchestrationService hub, FakeTimeProvider time, TimeSpan span, Func<Task> everyHour, Func<int, Task>? afterHour = null)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(everyHour);
        DateTimeOffset end = time.GetUtcNow() + span;
        for (int hour = 1; time.GetUtcNow() < end; hour++)
        {
            await everyHour().ConfigureAwait(false);
            await hub.WaitForIdleAsync(CancellationToken.None).ConfigureAwait(false);
            await hub.AdvanceAsync(time, TimeSpan.FromHours(1)).ConfigureAwait(false);
            if (afterHour is not null)
            {
                await afterHour(hour).ConfigureAwait(false);
            }
        }

        await hub.WaitForIdleAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>The app's services on the virtual-clock hub and its fake clock, each episode's time the clock's.</summary>
    public static IServiceCollection UseVirtualClock(this IServiceCollection services, VirtualClockOrchestrationService hub, FakeTimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(hub);
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(time);
        services.RemoveAll<IOrchestrationService>();
        services.AddSingleton<IOrchestrationService>(hub);
        services.AddSingleton<OrchestrationMiddleware>(hub.Middleware);
        return services;
    }

    /// <summary>Moves the clock on by <paramref name="span"/> and releases the timers now due.</summary>
    public static Task AdvanceAsync(this VirtualClockOrchestrationService hub, FakeTimeProvider time, TimeSpan span)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(time);
        time.Advance(span);
        return hub.ReleaseDueTimersAsync();
    }
}
