namespace Gtm.ServiceBus.TestBroker.Entities;

/// <summary>What becomes of a delivered message: completed, abandoned, dead-lettered, its lock renewed, released or lapsed.</summary>
public sealed partial class BrokerQueue
{
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
}
