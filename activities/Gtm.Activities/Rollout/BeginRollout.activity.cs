using System.Text.Json;
using Gtm.Activities.Launch;
using Gtm.Activities.Storage;
using Gtm.Domain.Ventures;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.Activities.Rollout;

/// <summary>
/// Claims the venture for a rollout: one at a time, so a second is refused (null) while the first
/// ramps. The same rollout claiming again (a retry) gets its claim back.
/// </summary>
public sealed class BeginRollout(MonitoringStore monitoring) : TaskActivity<BeginRolloutInput, RolloutStart?>
{
    [Function(nameof(BeginRollout))]
    public Task<RolloutStart?> Run([ActivityTrigger] BeginRolloutInput input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(BeginRollout), instanceId), input);

    public override async Task<RolloutStart?> RunAsync(TaskActivityContext context, BeginRolloutInput input)
    {
        bool claimed = false;
        MonitoredVenture? venture = await monitoring.UpdateAsync(input.VentureId, row =>
        {
            claimed = row.Rollout is null || row.Rollout == input.RolloutId;
            return claimed ? row with { Rollout = input.RolloutId } : row;
        }, CancellationToken.None);
        return venture is null || !claimed
            ? null
            : new RolloutStart(venture.ContentGeneration, venture.ConfigVersion, JsonSerializer.Deserialize<List<LaunchedCampaign>>(venture.CampaignsJson, ContractJson.Options)!, venture.Currency);
    }
}
