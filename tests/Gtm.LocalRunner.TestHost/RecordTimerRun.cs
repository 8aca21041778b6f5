using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;

namespace Gtm.LocalRunner.TestHost;

/// <summary>Writes one row per run into the table named by RunsTable, so a test can count runs per occurrence across processes.</summary>
public sealed class RecordTimerRun(IConfiguration configuration)
{
    [Function(nameof(RecordTimerRun))]
    public async Task RunAsync([TimerTrigger("%TimerSchedule%")] TimerInfo timer, CancellationToken cancellation)
    {
        var table = new TableClient(configuration["AzureWebJobsStorage"], configuration["RunsTable"]);
        await table.CreateIfNotExistsAsync(cancellation);
        long occurrence = timer.ScheduleStatus!.Last.Ticks;
        await table.AddEntityAsync(
            new TableEntity("runs", $"{occurrence}-{Environment.ProcessId}-{Guid.NewGuid():N}") { ["Occurrence"] = occurrence, ["Process"] = Environment.ProcessId },
            cancellation);
    }
}
