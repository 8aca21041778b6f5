using Gtm.Durable.Backend;

namespace Gtm.Durable.AzureStorage;

/// <summary>A call unpacked from an activity message; the message's lease is shared with the other calls it carries.</summary>
internal sealed class AzureActivityWorkItem(ActivityRequest request, MessageLease lease, int failures, string? outbox)
    : ActivityWorkItem(request, failures + 1)
{
    /// <summary>The outbox row that holds this call alone, deleted with its result; null when shared.</summary>
    public string? Outbox { get; } = outbox;

    public MessageLease Lease { get; } = lease;

    /// <summary>Failed attempts before this one.</summary>
    public int Failures { get; } = failures;
}
