using Amqp;
using Amqp.Framing;
using Amqp.Listener;
using Gtm.ServiceBus.TestBroker.Entities;

namespace Gtm.ServiceBus.TestBroker.Amqp;

/// <summary>
/// Attaches links to the namespace's entities: senders to queues and topics, receivers to queues,
/// subscriptions and dead-letter queues, and request and response links to their
/// <c>$management</c> nodes. An unknown entity is refused with <c>amqp:not-found</c>, which the
/// SDK reports as MessagingEntityNotFound.
/// </summary>
internal sealed class EntityLinks(BrokerNamespace space) : ILinkProcessor
{
    /// <summary>Service Bus Standard's largest message; the SDK sizes its batches by what the attach says.</summary>
    public const ulong MaxMessageSize = 256 * 1024;

    private readonly ManagementResponses responses = new();

    public void Process(AttachContext attachContext)
    {
        Attach attach = attachContext.Attach;
        attach.MaxMessageSize = MaxMessageSize;
        bool clientSends = !attach.Role;
        string address = EntityAddress.Normalize(clientSends ? (attach.Target as Target)?.Address : (attach.Source as Source)?.Address);
        if (address.EndsWith(EntityAddress.ManagementSuffix, StringComparison.OrdinalIgnoreCase))
        {
            AttachManagement(attachContext, address[..^EntityAddress.ManagementSuffix.Length], clientSends);
        }
        else if (clientSends)
        {
            if (space.CanSendTo(address))
            {
                attachContext.Complete(new IncomingLink(space, address), 100);
            }
            else
            {
                attachContext.Complete(NotFound(address));
            }
        }
        else if (space.TryGetQueue(address) is { } queue)
        {
            var endpoint = new OutgoingLink(queue, attachContext.Link, peekLock: attach.SndSettleMode != SenderSettleMode.Settled);
            queue.AddReceiver(endpoint);
            attachContext.Complete(endpoint, 0);
        }
        else
        {
            attachContext.Complete(NotFound(address));
        }
    }

    private void AttachManagement(AttachContext attachContext, string entity, bool clientSends)
    {
        if (!space.CanSendTo(entity) && space.TryGetQueue(entity) is null)
        {
            attachContext.Complete(NotFound(entity));
        }
        else if (clientSends)
        {
            attachContext.Complete(new ManagementNode(space.TryGetQueue(entity), entity, responses), 100);
        }
        else
        {
            responses.Add(attachContext.Link, ((Target)attachContext.Attach.Target).Address);
            attachContext.Complete(new ResponseLink(), 0);
        }
    }

    private static Error NotFound(string address) =>
        new(ErrorCode.NotFound) { Description = $"The messaging entity '{address}' could not be found." };

    /// <summary>A management response link: answers are sent on it by the node; nothing comes back.</summary>
    private sealed class ResponseLink : LinkEndpoint
    {
        public override void OnFlow(FlowContext flowContext)
        {
        }

        public override void OnDisposition(DispositionContext dispositionContext)
        {
        }
    }
}
