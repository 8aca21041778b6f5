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
public sealed class BrokerQueue
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

    /// <summary>Takes back a message whose delivery never left (its link was closing): not counted as a delivery.</summary>
    internal void Unsend(Guid token)
    {
        lock (gate)
        {
            if (locked.Remove(token, out Lease? lease))
            {
                lease.Message.DeliveryCount--;
                available.Add(lease.Message.SequenceNumber, lease.Message);
            }
        }

        NotifyReceivers();
    }

    /// <returns>False when the lock is not held (it lapsed, or the message was settled already).</returns>
    internal bool Complete(Guid token)
    {
        lock (gate)
        {
            return locked.Remove(token);
        }
    }

    /// <summary>Puts the message back for another delivery (with the given properties set), or dead-letters it when its deliveries are used up.</summary>
    internal bool Abandon(Guid token, IEnumerable<KeyValuePair<string, object?>>? properties = null)
    {
        BrokeredMessage message;
        lock (gate)
        {
            if (!locked.Remove(token, out Lease? lease))
            {
                return false;
            }

            message = lease.Message;
            if (properties is not null)
            {
                message.Modify(properties);
            }

            Return(message);
        }

        NotifyReceivers();
        return true;
    }

    internal bool DeadLetter(Guid token, string? reason, string? description, IEnumerable<KeyValuePair<string, object?>>? properties = null)
    {
        lock (gate)
        {
            if (!locked.Remove(token, out Lease? lease))
            {
                return false;
            }

            MoveToDeadLetter(lease.Message, reason, description, properties);
            return true;
        }
    }

    /// <returns>The new lock expiry, or null when the lock is not held.</returns>
    internal DateTime? RenewLock(Guid token)
    {
        lock (gate)
        {
            if (!locked.TryGetValue(token, out Lease? lease))
            {
                return null;
            }

            DateTime until = Now + Settings.LockDuration;
            locked[token] = lease with { LockedUntil = until };
            return until;
        }
    }

    /// <summary>Gives back every lock <paramref name="owner"/> holds (its link closed): each message is delivered again, its delivery counted.</summary>
    internal void ReleaseAll(ILockOwner owner)
    {
        lock (gate)
        {
            receivers.Remove(owner);
            foreach ((Guid token, Lease lease) in locked.Where(l => l.Value.Owner == owner).ToList())
            {
                locked.Remove(token);
                Return(lease.Message);
            }
        }

        NotifyReceivers();
    }

    /// <summary>Locks that lapsed go back to the queue, as if abandoned.</summary>
    internal void ExpireLocks()
    {
        int expired = 0;
        lock (gate)
        {
            DateTime now = Now;
            foreach ((Guid token, Lease lease) in locked.Where(l => l.Value.LockedUntil <= now).ToList())
            {
                locked.Remove(token);
                Return(lease.Message);
                expired++;
            }
        }

        if (expired > 0)
        {
            NotifyReceivers();
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

    private void Return(BrokeredMessage message)
    {
        if (message.DeliveryCount >= Settings.MaxDeliveryCount && DeadLetterQueue is not null)
        {
            MoveToDeadLetter(message, "MaxDeliveryCountExceeded", $"Message could not be consumed after {Settings.MaxDeliveryCount} delivery attempts.", null);
        }
        else
        {
            available.Add(message.SequenceNumber, message);
        }
    }

    private void MoveToDeadLetter(BrokeredMessage message, string? reason, string? description, IEnumerable<KeyValuePair<string, object?>>? properties)
    {
        if (DeadLetterQueue is null)
        {
            // A dead-letter queue's own messages have nowhere further to go: they stay.
            available.Add(message.SequenceNumber, message);
            return;
        }

        var set = new List<KeyValuePair<string, object?>>(properties ?? []);
        if (reason is not null)
        {
            set.Add(new(DeadLetterReasonProperty, reason));
        }

        if (description is not null)
        {
            set.Add(new(DeadLetterDescriptionProperty, description));
        }

        DeadLetterQueue.Enqueue(message.CopyAs(DeadLetterQueue.NextSequenceNumber(), message.EnqueuedTime, set));
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
