using Gtm.Activities.Storage;

namespace Gtm.Functions.Handoffs.Stage18Targets;

/// <summary>The default transport: the storage queue named by app setting <c>Gtm:Stage18Target</c>, the body as it is.</summary>
public sealed class StorageQueueStage18Target(GtmStorage storage) : IStage18Target
{
    public string Name => $"{storage.Stage18Inbox.Name} (storage queue)";

    public Task ForwardAsync(HandoffMessage handoff, CancellationToken cancellation) =>
        storage.Stage18Inbox.SendMessageAsync(handoff.Body, cancellation);
}
