using Amqp;

namespace Gtm.ServiceBus.TestBroker.Entities;

/// <summary>A message handed to a receiver: what goes on the wire, and the lock token that is its delivery tag (none when received and deleted).</summary>
internal sealed record DeliveredMessage(Message Message, Guid? LockToken);
