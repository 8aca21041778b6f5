using Gtm.Activities.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.Activities.Experiments;

/// <summary>Stores the test's state (the whole record, so a repeat writes the same row).</summary>
public sealed class RecordAbTest(AbTestStore tests) : TaskActivity<AbTestRecord, bool>
{
    [Function(nameof(RecordAbTest))]
    public Task<bool> Run([ActivityTrigger] AbTestRecord input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(RecordAbTest), instanceId), input);

    public override async Task<bool> RunAsync(TaskActivityContext context, AbTestRecord input)
    {
        await tests.SaveAsync(input, CancellationToken.None);
        return true;
    }
}
