using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Gtm.Orchestrations;

public sealed record StopAbTestsInput(string VentureId, string Reason);

/// <summary>
/// A rollback's step: the venture's running A/B tests stop, so the restored version's control
/// serves the whole audience and no pilot keeps testing copy the rollback took back. An activity
/// beside the orchestrations, as it terminates them.
/// </summary>
public sealed class StopAbTests(AbTestStarter tests)
{
    [Function(nameof(StopAbTests))]
    public Task<int> Run([ActivityTrigger] StopAbTestsInput input, [DurableClient] DurableTaskClient client, CancellationToken cancellation) =>
        tests.StopRunningAsync(client, input.VentureId, $"rolled back: {input.Reason}", cancellation);
}
