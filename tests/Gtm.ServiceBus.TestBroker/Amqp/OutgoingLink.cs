using Amqp;
using Amqp.Framing;
using Amqp.Listener;
using Amqp.Types;
using Gtm.ServiceBus.TestBroker.Entities;

namespace Gtm.ServiceBus.TestBroker.Amqp;

/// <summary>
/// A receiver's link to a queue, subscription or dead-letter queue: messages go out as the link's
/// credit allows, locked (peek-lock) or removed (receive-and-delete, when the receiver asked for
/// settled transfers). Each settlement is applied by lock token and confirmed, or refused with
/// <c>com.microsoft:message-lock-lost</c> when the lock is no longer held.
/// </summary>
internal sealed class OutgoingLink(BrokerQueue queue, ListenerLink link, bool peekLock) : LinkEndpoint, ILockOwner
{
    private static readonly Symbol DeadLetterCondition = new("com.microsoft:dead-letter");
    private static readonly Symbol LockLost = new("com.microsoft:message-lock-lost");

    private readonly object sync = new();
    private int credit;
    private bool pumping;
    private volatile bool closed;

    public override void OnFlow(FlowContext flowContext)
    {
        lock (sync)
        {
            credit = flowContext.Messages <= 0 ? 0 : credit + flowContext.Messages;
        }

        Schedule();
    }

    public bool IsClosed => closed;

    public void OnMessagesAvailable() => Schedule();

    public override void OnDisposition(DispositionContext dispositionContext)
    {
        if (!peekLock || dispositionContext.Message.DeliveryTag is not { Length: 16 } tag)
        {
            return;
        }

        var token = new Guid(tag);
        DeliveryState state = dispositionContext.DeliveryState;
        bool held = state switch
        {
            Accepted => queue.Complete(token),
            Rejected rejected => DeadLetter(token, rejected.Error),
            Modified { UndeliverableHere: true } => false,
            Modified modified => queue.Abandon(token, Properties(modified.MessageAnnotations)),
            _ => queue.Abandon(token),
        };

        if (!dispositionContext.Settled)
        {
            // A dead-letter is confirmed as rejected without an error: the SDK reads an error as a failed settlement.
            DeliveryState reply = held ? (state is Rejected ? new Rejected() : state) : new Rejected
            {
                Error = state is Modified { UndeliverableHere: true }
                    ? new Error(ErrorCode.NotImplemented) { Description = "Deferral is not simulated by this broker." }
                    : new Error(LockLost) { Description = "The lock supplied is invalid: it expired, or the message was already settled." },
            };
            link.DisposeMessage(dispositionContext.Message, reply, true);
        }
    }

    public override void OnLinkClosed(ListenerLink link, Error error)
    {
        closed = true;
        queue.ReleaseAll(this);
    }

    private bool DeadLetter(Guid token, Error? error)
    {
        IEnumerable<KeyValuePair<string, object?>> info = Properties(error?.Info);
        string? reason = null;
        string? description = null;
        var others = new List<KeyValuePair<string, object?>>();
        foreach ((string key, object? value) in info)
        {
            if (key == BrokerQueue.DeadLetterReasonProperty)
            {
                reason = value as string;
            }
            else if (key == BrokerQueue.DeadLetterDescriptionProperty)
            {
                description = value as string;
            }
            else
            {
                others.Add(new(key, value));
            }
        }

        // A rejection without Service Bus's condition still dead-letters, with the error as given.
        if (error is not null && error.Condition != DeadLetterCondition)
        {
            reason ??= error.Condition?.ToString();
            description ??= error.Description;
        }

        return queue.DeadLetter(token, reason, description, others);
    }

    private static List<KeyValuePair<string, object?>> Properties(Fields? fields) =>
        fields is null ? [] : [.. fields.Keys.Select(k => new KeyValuePair<string, object?>(k.ToString()!, fields[k]))];

    private void Schedule()
    {
        lock (sync)
        {
            if (pumping || closed || (credit == 0 && !link.IsDraining))
            {
                return;
            }

            pumping = true;
        }

        ThreadPool.UnsafeQueueUserWorkItem(_ => Pump(), null);
    }

    /// <summary>Sends while there is credit and a message; off the caller's thread, so no send happens under the namespace's lock.</summary>
    private void Pump()
    {
        while (true)
        {
            bool hasCredit;
            lock (sync)
            {
                if (closed)
                {
                    pumping = false;
                    return;
                }

                hasCredit = credit > 0;
            }

            DeliveredMessage? delivery = hasCredit ? queue.TryDeliver(this, peekLock) : null;
            if (delivery is null)
            {
                // Nothing (more) to give: a receiver that asked to drain gets its credit back at once.
                if (link.IsDraining)
                {
                    lock (sync)
                    {
                        credit = 0;
                    }

                    link.CompleteDrain();
                }

                bool creditLeft;
                lock (sync)
                {
                    pumping = false;
                    creditLeft = credit > 0;
                }

                // A message, or a drain request, may have come after the look and before pumping was cleared.
                if (link.IsDraining || (creditLeft && queue.ActiveCount > 0))
                {
                    Schedule();
                }

                return;
            }

            lock (sync)
            {
                credit--;
            }

            LockTokenTags.Assign(delivery.Message, delivery.LockToken ?? Guid.NewGuid());
            try
            {
                link.SendMessage(delivery.Message);
            }
            catch (Exception ex) when (ex is AmqpException or ObjectDisposedException or InvalidOperationException)
            {
                // The link is closing: the message never left, so it goes back as it was.
                closed = true;
                if (delivery.LockToken is { } token)
                {
                    queue.Unsend(token);
                }

                lock (sync)
                {
                    pumping = false;
                }

                return;
            }
        }
    }
}
