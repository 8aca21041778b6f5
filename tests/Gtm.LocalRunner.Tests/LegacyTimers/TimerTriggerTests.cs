using System.Text.Json;
using Azure.Storage.Blobs;
using Gtm.Functions.Hosting;
using Gtm.Functions.Tests.Support;
using Gtm.Testing;

namespace Gtm.Functions.Tests.Timers;

[Trait("Category", "Integration")]
public sealed class TimerTriggerTests
{
    [Fact(Timeout = 60_000)]
    public async Task Runs_on_startup_then_on_each_occurrence_of_a_six_field_schedule()
    {
        await using FunctionsHost host = await FunctionsHost.StartAsync(values: new Dictionary<string, string?> { ["TickSchedule"] = "*/2 * * * * *" });
        await Eventually.TrueAsync(() => host.Recorder.TimerRuns.Count >= 3, TimeSpan.FromSeconds(30), "three timer runs");
        Gtm.Functions.Declarations.TimerInfo[] runs = [.. host.Recorder.TimerRuns];
        Assert.False(runs[0].IsPastDue);
        Assert.All(runs.Skip(1), run => Assert.Equal(0, run.ScheduledTime.Second % 2));
        Assert.All(runs.Skip(1), run => Assert.True(run.Next > run.ScheduledTime));
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
            await using FunctionsHost host = await FunctionsHost.StartAsync(values: new Dictionary<string, string?> { ["TickSchedule"] = "0 0 0 1 1 *", ["HostId"] = hostId });
            await Eventually.TrueAsync(() => host.Recorder.TimerRuns.Count >= 2, TimeSpan.FromSeconds(30), "start-up run and catch-up");
            await Task.Delay(1000);
            Gtm.Functions.Declarations.TimerInfo[] runs = [.. host.Recorder.TimerRuns];
            Gtm.Functions.Declarations.TimerInfo catchUp = Assert.Single(runs, r => r.IsPastDue);
            Assert.Equal(missed.UtcTicks / TimeSpan.TicksPerSecond, catchUp.ScheduledTime.UtcTicks / TimeSpan.TicksPerSecond);
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
        var error = await Assert.ThrowsAsync<HostConfigurationException>(() =>
            FunctionsHost.StartAsync(values: new Dictionary<string, string?> { ["TickSchedule"] = "every minute" }));
        Assert.Contains("Timer 'EveryTick'", error.Message, StringComparison.Ordinal);
    }
}
