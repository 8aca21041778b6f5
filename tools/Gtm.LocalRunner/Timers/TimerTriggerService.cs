using Cronos;
using Gtm.LocalRunner.Catalog;
using Gtm.LocalRunner.Invocation;
using Gtm.LocalRunner.Settings;
using Gtm.LocalRunner.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gtm.LocalRunner.Timers;

/// <summary>Lease timing for timers; the defaults suit production, tests shorten them.</summary>
public sealed class TimerOptions
{
    /// <summary>How long a host holds a timer's lease between renewals (Azure allows 15 to 60 seconds).</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a host that does not hold a timer's lease tries to take it.</summary>
    public TimeSpan LeaseRetryInterval { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Runs timer functions on their NCRONTAB schedules. Each timer has a blob lease, so one host runs
/// it however many run, and a status blob with its last occurrence, so a run missed while no host
/// was up is caught up once (IsPastDue) and an occurrence is claimed once before it runs.
/// </summary>
internal sealed partial class TimerTriggerService(
    FunctionCatalog catalog,
    FunctionInvoker invoker,
    HostStorage storage,
    IConfiguration configuration,
    TimeProvider time,
    IOptions<TimerOptions> options,
    ILogger<TimerTriggerService> logger) : BackgroundService
{
    private static readonly Dictionary<string, object?> NoBindingData = [];

    /// <summary>A run this much later than its occurrence is past due.</summary>
    private static readonly TimeSpan Lateness = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timers = catalog.OfTrigger<TimerTriggerAttribute>().ToList();
        if (timers.Count > 0)
        {
            await storage.InitializeAsync(stoppingToken).ConfigureAwait(false);
            await Task.WhenAll(timers.Select(t => Task.Run(() => RunTimerAsync(t.Function, t.Trigger, stoppingToken), CancellationToken.None))).ConfigureAwait(false);
        }
    }

    /// <summary>Parses a schedule, resolving %AppSetting% references, with a start-up error naming the function.</summary>
    public static CronExpression ParseSchedule(string function, string schedule, IConfiguration configuration)
    {
        string expression = AppSettings.Resolve(schedule, configuration, $"Timer '{function}'");
        try
        {
            return CronExpression.Parse(expression, CronFormat.IncludeSeconds);
        }
        catch (CronFormatException ex)
        {
            throw new RunnerConfigurationException($"Timer '{function}' has schedule '{expression}', which is not a six-field NCRONTAB expression (second minute hour day month weekday): {ex.Message}");
        }
    }

    private async Task RunTimerAsync(FunctionDescriptor function, TimerTriggerAttribute trigger, CancellationToken stopping)
    {
        CronExpression schedule = ParseSchedule(function.Name, trigger.Schedule, configuration);
        // Scoped by host id, as in Azure Functions: hosts of one app share a timer, other apps do not.
        string hostId = configuration["HostId"] ?? HostStorage.DefaultHostId;
        var lease = new BlobLease(storage.HostContainer, $"locks/{hostId}/{function.Name}/lock", options.Value.LeaseDuration);
        var store = new TimerScheduleStore(storage.HostContainer, $"{hostId}/{function.Name}");
        bool startupRunPending = trigger.RunOnStartup;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    if (!lease.Held && !await lease.TryAcquireAsync(stopping).ConfigureAwait(false))
                    {
                        await Task.Delay(options.Value.LeaseRetryInterval, time, stopping).ConfigureAwait(false);
                        continue;
                    }

                    if (await RunNextOccurrenceAsync(function, schedule, lease, store, startupRunPending, stopping).ConfigureAwait(false))
                    {
                        startupRunPending = false;
                    }
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // A storage outage must not end the schedule: log, back off, try again.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    LogTimerError(ex, function.Name);
                    await Task.Delay(options.Value.LeaseRetryInterval, time, stopping).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            await lease.ReleaseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Holding the lease: waits for the next occurrence (renewing), claims it, runs it. A missed
    /// occurrence comes first, then the start-up run; returns true when the start-up run was made.
    /// </summary>
    private async Task<bool> RunNextOccurrenceAsync(
        FunctionDescriptor function, CronExpression schedule, BlobLease lease, TimerScheduleStore store, bool startupPending, CancellationToken stopping)
    {
        (TimerScheduleStatus? status, _) = await store.ReadAsync(stopping).ConfigureAwait(false);
        DateTimeOffset now = time.GetUtcNow();
        bool missed = status is not null && now - status.Next > Lateness;
        bool startupRun = startupPending && !missed;
        DateTimeOffset due = missed || status is not null && !startupRun ? status!.Next
            : startupRun ? now
            : Next(schedule, now);
        TimeSpan renewEvery = lease.Duration / 3;
        while ((now = time.GetUtcNow()) < due)
        {
            TimeSpan wait = due - now < renewEvery ? due - now : renewEvery;
            await Task.Delay(wait, time, stopping).ConfigureAwait(false);
            if (time.GetUtcNow() < due && !await lease.RenewAsync(stopping).ConfigureAwait(false))
            {
                LogLeaseLost(function.Name);
                return false;
            }
        }

        if (!await lease.RenewAsync(stopping).ConfigureAwait(false))
        {
            LogLeaseLost(function.Name);
            return false;
        }

        // Claim it, conditional on the status this host last saw: one run per occurrence.
        (TimerScheduleStatus? current, Azure.ETag? etag) = await store.ReadAsync(stopping).ConfigureAwait(false);
        if (!startupRun && current is not null && current.Last >= due)
        {
            return false;
        }

        now = time.GetUtcNow();
        DateTimeOffset next = Next(schedule, now > due ? now : due);
        if (!await store.TryClaimAsync(new TimerScheduleStatus(due, next), etag, stopping).ConfigureAwait(false))
        {
            return false;
        }

        // Last is the occurrence this run is for, Next the one after it.
        var info = new TimerInfo
        {
            ScheduleStatus = new ScheduleStatus { Last = due.UtcDateTime, Next = next.UtcDateTime, LastUpdated = now.UtcDateTime },
            IsPastDue = missed || (!startupRun && now - due > Lateness),
        };
        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        Task renewal = KeepRenewedAsync(lease, function.Name, renewing.Token);
        try
        {
            await invoker.InvokeAsync(function, info, NoBindingData, null, stopping).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failed run is logged by the invoker; the schedule goes on.
        catch (Exception) when (!stopping.IsCancellationRequested)
#pragma warning restore CA1031
        {
        }
        finally
        {
            await renewing.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(false);
        }

        return startupRun;
    }

    private async Task KeepRenewedAsync(BlobLease lease, string function, CancellationToken cancellation)
    {
        try
        {
            while (true)
            {
                await Task.Delay(lease.Duration / 3, time, cancellation).ConfigureAwait(false);
                if (!await lease.RenewAsync(cancellation).ConfigureAwait(false))
                {
                    LogLeaseLost(function);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run finished.
        }
    }

    private static DateTimeOffset Next(CronExpression schedule, DateTimeOffset after) =>
        schedule.GetNextOccurrence(after, TimeZoneInfo.Utc)
        ?? throw new RunnerConfigurationException($"Schedule '{schedule}' never occurs again.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer {FunctionName} lost its lease; another host runs it now")]
    private partial void LogLeaseLost(string functionName);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer {FunctionName} could not check its schedule")]
    private partial void LogTimerError(Exception error, string functionName);
}
