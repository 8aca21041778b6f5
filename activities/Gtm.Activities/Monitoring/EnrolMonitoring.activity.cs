using System.Text.Json;
using Gtm.Activities.Storage;
using Gtm.Domain.Monitoring;
using Gtm.Domain.Ventures;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.Activities.Monitoring;

/// <summary>
/// The exit gate's last step: the venture's thresholds (SPEC defaults for its segment type, its
/// margin and its planned leads) and its row in the schedule, first due one measurement period
/// after launch. Idempotent: a venture enrolled before keeps its row and its thresholds.
/// </summary>
public sealed class EnrolMonitoring(MonitoringStore monitoring, ThresholdStore thresholds, MarketClock clock, TimeProvider time) : TaskActivity<EnrolInput, DateTimeOffset>
{
    [Function(nameof(EnrolMonitoring))]
    public Task<DateTimeOffset> Run([ActivityTrigger] EnrolInput input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(EnrolMonitoring), instanceId), input);

    public override async Task<DateTimeOffset> RunAsync(TaskActivityContext context, EnrolInput input)
    {
        MarketStrategy strategy = input.Inputs.MarketStrategy;
        IReadOnlyList<MetricThreshold> rows = MetricThresholdDefaults.For(strategy.SegmentType, strategy.GrossMargin, input.LeadsPerWeek);
        await thresholds.EnsureVentureAsync(strategy.VentureId, rows, CancellationToken.None);
        TimeSpan cadence = clock.ToWall(rows.Min(r => r.Period));
        DateTimeOffset now = time.GetUtcNow();
        await monitoring.EnrolAsync(new MonitoredVenture(
            strategy.VentureId,
            JsonSerializer.Serialize(input.Inputs, ContractJson.Options),
            JsonSerializer.Serialize(input.Campaigns, ContractJson.Options),
            input.Currency,
            now,
            now + cadence,
            cadence,
            input.ConfigVersion,
            ContentGeneration: 1,
            Rollout: null,
            Paused: false), CancellationToken.None);
        return now + cadence;
    }
}
