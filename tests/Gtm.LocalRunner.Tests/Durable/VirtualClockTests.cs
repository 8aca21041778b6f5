using System.Diagnostics;
using Gtm.LocalRunner.Tests.Support;
using Gtm.Testing.Durable;
using Microsoft.DurableTask.Client;

namespace Gtm.LocalRunner.Tests.Durable;

/// <summary>Skipped time on the in-memory service: durable timers fire when the test moves the virtual clock.</summary>
[Trait("Category", "Unit")]
public sealed class VirtualClockTests(VirtualClockTaskHubFixture fixture) : IClassFixture<VirtualClockTaskHubFixture>
{
    [Fact(Timeout = 30_000)]
    public async Task A_seven_day_timer_fires_as_soon_as_the_clock_reaches_it_and_the_orchestration_sees_that_time()
    {
        DateTimeOffset start = fixture.Time.GetUtcNow();
        var wall = Stopwatch.StartNew();
        string id = await fixture.Client.ScheduleNewOrchestrationInstanceAsync(nameof(PatternFunctions.LongSleep), TimeSpan.FromDays(7));

        await fixture.Hub.RunUntilAsync(fixture.Time, async () => (await fixture.Client.GetInstanceAsync(id))?.IsCompleted == true, TimeSpan.FromDays(8));
        OrchestrationMetadata done = (await fixture.Client.GetInstanceAsync(id, getInputsAndOutputs: true))!;

        ClockReading reading = done.ReadOutputAs<ClockReading>()!;
        Assert.Equal(start.UtcDateTime, reading.Before, TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromDays(7), reading.After - reading.Before);
        Assert.True(wall.Elapsed < TimeSpan.FromSeconds(10), $"a week took {wall.Elapsed} of wall time");
    }

    [Fact(Timeout = 30_000)]
    public async Task A_timer_waits_while_the_clock_stands_still()
    {
        string id = await fixture.Client.ScheduleNewOrchestrationInstanceAsync(nameof(PatternFunctions.LongSleep), TimeSpan.FromHours(1));
        await fixture.Hub.WaitForIdleAsync(CancellationToken.None);
        await Task.Delay(300);

        Assert.Equal(OrchestrationRuntimeStatus.Running, (await fixture.Client.GetInstanceAsync(id))?.RuntimeStatus);

        await fixture.Hub.AdvanceAsync(fixture.Time, TimeSpan.FromHours(1));
        await DurablePatternTests.EventuallyAsync(async () => (await fixture.Client.GetInstanceAsync(id))?.IsCompleted == true);
    }
}
