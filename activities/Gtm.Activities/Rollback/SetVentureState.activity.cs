using Gtm.Activities.Storage;
using Gtm.Durable;

namespace Gtm.Activities.Rollback;

/// <summary>Records where a venture is (launching, live, rolled_back, rollback_failed, handed_off, ...).</summary>
public sealed class SetVentureState(VentureStore ventures, TimeProvider time) : TaskActivity<VentureState, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, VentureState input)
    {
        await ventures.SetAsync(input.VentureId, input.State, input.Detail, time.GetUtcNow(), CancellationToken.None);
        return true;
    }
}
