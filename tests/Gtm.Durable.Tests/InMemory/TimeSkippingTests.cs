using System.Diagnostics;
using Gtm.Durable.InMemory;
using Gtm.Durable.Tests.Support;
using Gtm.Durable.Tests.TestTasks;
using Gtm.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Gtm.Durable.Tests.InMemory;

/// <summary>Runs alone: it measures wall time, which parallel tests would distort.</summary>
[CollectionDefinition(nameof(TimeSkippingTests), DisableParallelization = true)]
public sealed class TimeSkippingCollection;

[Trait("Category", "Unit")]
[Collection(nameof(TimeSkippingTests))]
public sealed class TimeSkippingTests(ITestOutputHelper output)
{
    [Fact(Timeout = 60_000)]
    public async Task Thirty_days_of_six_hourly_timers_complete_in_well_under_a_second_of_wall_time()
    {
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(start);
        await using TestHub hub = await TestHub.StartAsync(b => b.UseInMemory(), services: s => s.AddSingleton<TimeProvider>(time));
        var backend = hub.Services.GetRequiredService<InMemoryOrchestrationService>();
        await RunAsync(hub, backend, time, new PeriodicChecksState(1));  // warm-up: JIT and first-use costs

        var clock = Stopwatch.StartNew();
        OrchestrationMetadata done = await RunAsync(hub, backend, time, new PeriodicChecksState(30));
        clock.Stop();

        output.WriteLine($"30 days, 120 timers and 120 activities: {clock.ElapsedMilliseconds} ms of wall time");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(120, done.ReadOutputAs<int>());
        Assert.Equal(start.AddDays(31), time.GetUtcNow());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.ElapsedMilliseconds} ms");
    }

    private static async Task<OrchestrationMetadata> RunAsync(TestHub hub, InMemoryOrchestrationService backend, FakeTimeProvider time, PeriodicChecksState input)
    {
        string id = await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(PeriodicChecks), input);
        await backend.RunUntilAsync(time, async () => (await hub.Client.GetInstanceAsync(id))?.IsCompleted == true, TimeSpan.FromDays(input.DaysLeft + 1));
        return (await hub.Client.GetInstanceAsync(id, getInputsAndOutputs: true))!;
    }
}
