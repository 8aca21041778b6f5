using Amqp;

namespace Gtm.ServiceBus.TestBroker.Entities;

/// <summary>
/// A queue, a topic's subscription, or the dead-letter sub-queue of either, as Service Bus keeps
/// them: messages in sequence order; peek-lock with a lock token per delivery, a lock that lapses
/// after <see cref="EntitySettings.LockDuration"/>, abandon and release that put a message back,
/// and dead-lettering (asked by the receiver, or once <see cref="EntitySettings.MaxDeliveryCount"/>
/// deliveries are used up) into <c>{path}/$deadletterqueue</c>. All state is guarded by the
/// namespace's lock, so it survives the listener's restarts unchanged.
/// </summary>
public sealed partial class BrokerQueue
{
    public const string DeadLetterReasonProperty = "DeadLetterReason";
    public const string DeadLetterDescriptionProperty = "DeadLetterErrorDescription";

    private readonly object gate;
    private readonly TimeProvider time;
    private readonly SortedDictionary<long, BrokeredMessage> available = [];
    private readonly Dictionary<Guid, Lease> locked = [];
    private readonly List<ILockOwner> receivers = [];
    private long lastSequenceNumber;

    internal BrokerQueue(string path, EntitySettings settings, object gate, TimeProvider time, bool isDeadLetterQueue = false)
    {
        Path = path;
        Settings = settings;
        this.gate = gate;
        this.time = time;
        DeadLetterQueue = isDeadLetterQueue ? null : new BrokerQueue(path + "/$deadletterqueue", settings with { DuplicateDetectionWindow = null }, gate, time, isDeadLetterQueue: true);
    }

    public string Path { get; }

    public EntitySettings Settings { get; }

    /// <summary>The sub-queue of dead-lettered messages; null for a dead-letter queue itself.</summary>
    public BrokerQueue? DeadLetterQueue { get; }

    /// <summary>Messages waiting for a receiver.</summary>
    public int ActiveCount
    {
        get
        {
            lock (gate)
            {
                return available.Count;
            }
        }
    }

    /// <summary>Messages a receiver holds under lock.</summary>
    public int LockedCount
    {
        get
        {
            lock (gate)
            {
                return locked.Count;
            }
        }
    }

    internal void Enqueue(BrokeredMessage message)
    {
        lock (gate)
        {
            available.Add(message.SequenceNumber, message);
        }

        NotifyReceivers();
    }

    internal long NextSequenceNumber()
    {
        lock (gate)
        {
            return ++lastSequenceNumber;
        }
    }

    internal DateTime Now => time.GetUtcNow().UtcDateTime;

    internal void AddReceiver(ILockOwner receiver)
    {
        lock (gate)
        {
            receivers.Add(receiver);
        }
    }

    internal void RemoveReceiver(ILockOwner receiver)
    {
        lock (gate)
        {
            receivers.Remove(receiver);
        }
    }

    /// <summary>The next message, locked for <paramref name="owner"/>, or removed at once when <paramref name="peekLock"/> is false.</summary>
    internal DeliveredMessage? TryDeliver(ILockOwner owner, bool peekLock)
    {
        lock (gate)
        {
            // Checked under the lock that ReleaseAll takes, so a closing link never keeps a lock.
            if (available.Count == 0 || owner.IsClosed)
            {
                return null;
            }

            BrokeredMessage message = available.First().Value;
            available.Remove(message.SequenceNumber);
            int prior = message.DeliveryCount++;
            if (!peekLock)
            {
                return new DeliveredMessage(message.ToAmqp(prior), null);
            }

            var token = Guid.NewGuid();
            DateTime until = Now + Settings.LockDuration;
            locked.Add(token, new Lease(message, owner, until));
            return new DeliveredMessage(message.ToAmqp(prior, until), token);
        }
    }

    /// <summary>Messages from <paramref name="fromSequenceNumber"/> on, whether waiting or locked, without locking them.</summary>
    internal IReadOnlyList<Message> Peek(long fromSequenceNumber, int count)
    {
        lock (gate)
        {
            return [.. available.Values.Concat(locked.Values.Select(l => l.Message))
                .Where(m => m.SequenceNumber >= fromSequenceNumber)
                .OrderBy(m => m.SequenceNumber)
                .Take(count)
                .Select(m => m.ToAmqp(m.DeliveryCount))];
        }
    }

    private void NotifyReceivers()
    {
        ILockOwner[] waiting;
        lock (gate)
        {
            waiting = [.. receivers];
        }

        foreach (ILockOwner receiver in waiting)
        {
            receiver.OnMessagesAvailable();
        }
    }

    private sealed record Lease(BrokeredMessage Message, ILockOwner Owner, DateTime LockedUntil);
}
