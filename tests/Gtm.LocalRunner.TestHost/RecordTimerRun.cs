using Azure.Data.Tables;
using Gtm.Functions.Declarations;
using Gtm.Functions.Hosting;
using Microsoft.Extensions.Configuration;

namespace Gtm.Functions.TestHost;

/// <summary>Writes one row per run into the table named by RunsTable, so a test can count runs per occurrence across processes.</summary>
public sealed class RecordTimerRun(HostStorage storage, IConfiguration configuration)
{
    [Function(nameof(RecordTimerRun))]
    public async Task RunAsync([TimerTrigger("%TimerSchedule%")] TimerInfo timer, CancellationToken cancellation)
    {
        var table = new TableClient(storage.ConnectionString(HostStorage.DefaultConnection), configuration["RunsTable"]);
        await table.CreateIfNotExistsAsync(cancellation);
        await table.AddEntityAsync(
            new TableEntity("runs", $"{timer.ScheduledTime.UtcTicks}-{Environment.ProcessId}-{Guid.NewGuid():N}")
            {
                ["Occurrence"] = timer.ScheduledTime.UtcTicks,
                ["Process"] = Environment.ProcessId,
            },
            cancellation);
    }
}
