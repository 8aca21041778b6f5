using Gtm.Activities.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.Activities.Monitoring;

/// <summary>Adds an entry to the venture's recursion and rollback history (idempotent by its key).</summary>
public sealed class RecordIntervention(InterventionStore interventions) : TaskActivity<Intervention, bool>
{
    [Function(nameof(RecordIntervention))]
    public Task<bool> Run([ActivityTrigger] Intervention input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(RecordIntervention), instanceId), input);

    public override async Task<bool> RunAsync(TaskActivityContext context, Intervention input)
    {
        await interventions.RecordAsync(input, CancellationToken.None);
        return true;
    }
}
