namespace Gtm.Functions.Handoffs.ServiceBus;

/// <summary>How the Stage 18 handoff reaches its target (app setting <c>Gtm:Stage18Transport</c>).</summary>
public enum HandoffTransport
{
    StorageQueues,
    ServiceBus,
}
