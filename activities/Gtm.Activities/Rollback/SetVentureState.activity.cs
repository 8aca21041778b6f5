using Gtm.Activities.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.Activities.Rollback;

/// <summary>Records where a venture is (launching, live, rolled_back, rollback_failed, handed_off, ...).</summary>
public sealed class SetVentureState(VentureStore ventures, TimeProvider time) : TaskActivity<VentureState, bool>
{
    [Function(nameof(SetVentureState))]
    public Task<bool> Run([ActivityTrigger] VentureState input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(SetVentureState), instanceId), input);

    public override async Task<bool> RunAsync(TaskActivityContext context, VentureState input)
    {
        await ventures.SetAsync(input.VentureId, input.State, input.Detail, time.GetUtcNow(), CancellationToken.None, name: input.Name, segmentType: input.SegmentType);
        return true;
    }
}
