using Gtm.Activities.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.Activities.Rollout;

/// <summary>
/// The regenerated content as a configuration version: the live configuration, serving the new
/// content generation, with who made it and why. Not last known good until an evaluation finds it
/// so. Idempotent by key.
/// </summary>
public sealed class CommitContentVersion(ConfigVersionStore versions, TimeProvider time) : TaskActivity<CommitContentInput, CommittedContent>
{
    [Function(nameof(CommitContentVersion))]
    public Task<CommittedContent> Run([ActivityTrigger] CommitContentInput input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(CommitContentVersion), instanceId), input);

    public override async Task<CommittedContent> RunAsync(TaskActivityContext context, CommitContentInput input)
    {
        ConfigVersion from = await versions.GetAsync(input.VentureId, input.FromVersion, CancellationToken.None)
            ?? throw new InvalidOperationException($"Venture '{input.VentureId}' has no version {input.FromVersion}.");
        int version = await versions.AppendAsync(input.VentureId, from.ConfigJson, input.CreatedBy, input.Reason, input.IdempotencyKey, time.GetUtcNow(), CancellationToken.None, input.Generation);
        return new CommittedContent(version, from.ConfigJson);
    }
}
