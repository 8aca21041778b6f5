using Gtm.Activities.Storage;
using Gtm.Durable;

namespace Gtm.Activities.Monitoring;

/// <summary>Adds an entry to the venture's recursion and rollback history (idempotent by its key).</summary>
public sealed class RecordIntervention(InterventionStore interventions) : TaskActivity<Intervention, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, Intervention input)
    {
        await interventions.RecordAsync(input, CancellationToken.None);
        return true;
    }
}
