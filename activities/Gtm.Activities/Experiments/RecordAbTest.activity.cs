using Gtm.Activities.Storage;
using Gtm.Durable;

namespace Gtm.Activities.Experiments;

/// <summary>Stores the test's state (the whole record, so a repeat writes the same row).</summary>
public sealed class RecordAbTest(AbTestStore tests) : TaskActivity<AbTestRecord, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, AbTestRecord input)
    {
        await tests.SaveAsync(input, CancellationToken.None);
        return true;
    }
}
