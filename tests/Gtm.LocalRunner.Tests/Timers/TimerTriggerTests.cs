using System.Text.Json;
using Azure.Storage.Blobs;
using Gtm.LocalRunner.Settings;
using Gtm.LocalRunner.Storage;
using Gtm.LocalRunner.Tests.Support;
using Gtm.Testing;
using Microsoft.Azure.Functions.Worker;

namespace Gtm.LocalRunner.Tests.Timers;

[Trait("Category", "Integration")]
public sealed class TimerTriggerTests
{
    [Fact(Timeout = 60_000)]
    public async Task Runs_on_startup_then_on_each_occurrence_of_a_six_field_schedule()
    {
        await using TestRunner host = await TestRunner.StartAsync(values: new Dictionary<string, string?> { ["TickSchedule"] = "*/2 * * * * *" });
        await Eventually.TrueAsync(() => host.Recorder.TimerRuns.Count >= 3, TimeSpan.FromSeconds(30), "three timer runs");
        TimerInfo[] runs = [.. host.Recorder.TimerRuns];
        Assert.False(runs[0].IsPastDue);
        Assert.All(runs.Skip(1), run => Assert.Equal(0, run.ScheduleStatus!.Last.Second % 2));
        Assert.All(runs.Skip(1), run => Assert.Equal(run.ScheduleStatus!.Last.AddSeconds(2), run.ScheduleStatus.Next));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_missed_occurrence_is_caught_up_once_and_marked_past_due()
    {
        // The status a host left behind before it went down: the next run was due an hour ago.
        string connection = await Azurite.GetConnectionStringAsync();
        var container = new BlobContainerClient(connection, HostStorage.HostContainerName);
        await container.CreateIfNotExistsAsync();
        DateTimeOffset missed = DateTimeOffset.UtcNow.AddHours(-1);
        string status = JsonSerializer.Serialize(new { Last = missed.AddDays(-1), Next = missed });
        string hostId = $"catchup-{Guid.NewGuid():N}";
        string statusBlob = $"timers/{hostId}/EveryTick/status.json";
        await container.GetBlobClient(statusBlob).UploadAsync(BinaryData.FromString(status), overwrite: true);
        try
        {
            await using TestRunner host = await TestRunner.StartAsync(values: new Dictionary<string, string?> { ["TickSchedule"] = "0 0 0 1 1 *", ["HostId"] = hostId });
            await Eventually.TrueAsync(() => host.Recorder.TimerRuns.Count >= 2, TimeSpan.FromSeconds(30), "start-up run and catch-up");
            await Task.Delay(1000);
            TimerInfo[] runs = [.. host.Recorder.TimerRuns];
            TimerInfo catchUp = Assert.Single(runs, r => r.IsPastDue);
            Assert.Equal(missed.UtcTicks / TimeSpan.TicksPerSecond, catchUp.ScheduleStatus!.Last.Ticks / TimeSpan.TicksPerSecond);
            Assert.Equal(2, runs.Length);
        }
        finally
        {
            await container.GetBlobClient(statusBlob).DeleteIfExistsAsync();
        }
    }

    [Fact]
    public async Task A_schedule_that_is_not_ncrontab_stops_start_up_naming_the_timer()
    {
        var error = await Assert.ThrowsAsync<RunnerConfigurationException>(() =>
            TestRunner.StartAsync(values: new Dictionary<string, string?> { ["TickSchedule"] = "every minute" }));
        Assert.Contains("Timer 'EveryTick'", error.Message, StringComparison.Ordinal);
    }
}
