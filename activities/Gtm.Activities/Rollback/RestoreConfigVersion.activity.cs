using Gtm.Activities.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.Activities.Rollback;

/// <summary>
/// Rollback step 3: the chosen version, or else the last known good, becomes the newest version
/// (history stays append-only) and the last known good. Null when there is nothing to restore.
/// </summary>
public sealed class RestoreConfigVersion(ConfigVersionStore versions, TimeProvider time) : TaskActivity<RestoreInput, RestoredVersion?>
{
    [Function(nameof(RestoreConfigVersion))]
    public Task<RestoredVersion?> Run([ActivityTrigger] RestoreInput input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(RestoreConfigVersion), instanceId), input);

    public override async Task<RestoredVersion?> RunAsync(TaskActivityContext context, RestoreInput input)
    {
        int? target = input.TargetVersion ?? await versions.LastKnownGoodAsync(input.VentureId, CancellationToken.None);
        if (target is not { } chosen || await versions.GetAsync(input.VentureId, chosen, CancellationToken.None) is not { } config)
        {
            return null;
        }

        int version = await versions.AppendAsync(input.VentureId, config.ConfigJson, input.RequestedBy, $"restore v{chosen}: {input.Reason}", input.IdempotencyKey, time.GetUtcNow(), CancellationToken.None, config.ContentGeneration);
        await versions.MarkLastKnownGoodAsync(input.VentureId, version, CancellationToken.None);
        return new RestoredVersion(version, chosen, config.ConfigJson, config.ContentGeneration);
    }
}
