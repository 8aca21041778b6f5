using System.Runtime.CompilerServices;
using Amqp;
using Amqp.Handler;

namespace Gtm.ServiceBus.TestBroker.Amqp;

/// <summary>
/// Puts each delivered message's lock token in its delivery tag, as Service Bus does: the SDK
/// reads a 16-byte tag as the message's lock token and settles by it.
/// </summary>
internal sealed class LockTokenTags : IHandler
{
    private static readonly ConditionalWeakTable<Message, byte[]> Tags = [];

    public static void Assign(Message message, Guid lockToken) => Tags.AddOrUpdate(message, lockToken.ToByteArray());

    public bool CanHandle(EventId id) => id == EventId.SendDelivery;

    public void Handle(Event protocolEvent)
    {
        if (protocolEvent.Id == EventId.SendDelivery && protocolEvent.Context is IDelivery delivery && delivery.Message is { } message && Tags.TryGetValue(message, out byte[]? tag))
        {
            delivery.Tag = tag;
        }
    }
}
