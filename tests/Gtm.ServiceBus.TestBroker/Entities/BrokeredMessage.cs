using Amqp;
using Amqp.Framing;
using Amqp.Types;

namespace Gtm.ServiceBus.TestBroker.Entities;

/// <summary>
/// A message held by an entity: its AMQP sections as the sender wrote them (kept encoded, so every
/// delivery decodes a fresh copy) and the broker's state for it.
/// </summary>
internal sealed class BrokeredMessage(byte[] encoded, long sequenceNumber, DateTime enqueuedTime)
{
    private byte[] encoded = encoded;

    public long SequenceNumber { get; } = sequenceNumber;

    public DateTime EnqueuedTime { get; } = enqueuedTime;

    /// <summary>Times the message was handed to a receiver.</summary>
    public int DeliveryCount { get; set; }

    public static BrokeredMessage From(Message message, long sequenceNumber, DateTime enqueuedTime) =>
        new(Encode(message), sequenceNumber, enqueuedTime);

    /// <summary>The message as a receiver gets it, with the annotations Service Bus adds.</summary>
    /// <param name="priorDeliveries">The header's delivery-count: deliveries before this one (the SDK adds one for a received message, none for a peeked one).</param>
    public Message ToAmqp(int priorDeliveries, DateTime? lockedUntil = null)
    {
        Message message = Decode(encoded);
        message.Header ??= new Header();
        message.Header.DeliveryCount = (uint)priorDeliveries;
        message.MessageAnnotations ??= new MessageAnnotations();
        message.MessageAnnotations[new Symbol("x-opt-sequence-number")] = SequenceNumber;
        message.MessageAnnotations[new Symbol("x-opt-enqueued-time")] = EnqueuedTime;
        if (lockedUntil is { } until)
        {
            message.MessageAnnotations[new Symbol("x-opt-locked-until")] = until;
        }

        return message;
    }

    /// <summary>A copy for another entity (a subscription or the dead-letter sub-queue) with its own sequence number.</summary>
    public BrokeredMessage CopyAs(long sequenceNumber, DateTime enqueuedTime, IEnumerable<KeyValuePair<string, object?>>? properties = null)
    {
        Message message = Decode(encoded);
        if (properties is not null)
        {
            message.ApplicationProperties ??= new ApplicationProperties();
            foreach ((string key, object? value) in properties)
            {
                message.ApplicationProperties[key] = value;
            }
        }

        return new BrokeredMessage(Encode(message), sequenceNumber, enqueuedTime) { DeliveryCount = DeliveryCount };
    }

    /// <summary>Sets application properties, as an abandon or dead-letter with properties to modify does.</summary>
    public void Modify(IEnumerable<KeyValuePair<string, object?>> properties)
    {
        Message message = Decode(encoded);
        message.ApplicationProperties ??= new ApplicationProperties();
        foreach ((string key, object? value) in properties)
        {
            message.ApplicationProperties[key] = value;
        }

        encoded = Encode(message);
    }

    private static byte[] Encode(Message message)
    {
        ByteBuffer buffer = message.Encode();
        return buffer.Buffer.AsSpan(buffer.Offset, buffer.Length).ToArray();
    }

    private static Message Decode(byte[] bytes) => Message.Decode(new ByteBuffer(bytes, 0, bytes.Length, bytes.Length));
}
