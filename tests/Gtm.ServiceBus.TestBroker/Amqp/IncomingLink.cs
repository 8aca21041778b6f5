using Amqp;
using Amqp.Framing;
using Amqp.Listener;
using Amqp.Types;

namespace Gtm.ServiceBus.TestBroker.Amqp;

/// <summary>A sender's link to a queue or topic: each message (or each in a batch) is accepted into the entity.</summary>
internal sealed class IncomingLink(BrokerNamespace space, string path) : LinkEndpoint
{
    /// <summary>The message format of a batch: each data section is one encoded message.</summary>
    private const uint BatchFormat = 0x80013700;

    public override void OnMessage(MessageContext messageContext)
    {
        Message message = messageContext.Message;
        if (message.Format == BatchFormat)
        {
            foreach (Data data in Sections(message.BodySection))
            {
                byte[] bytes = data.Binary;
                space.Send(path, Message.Decode(new ByteBuffer(bytes, 0, bytes.Length, bytes.Length)));
            }
        }
        else
        {
            space.Send(path, message);
        }

        messageContext.Complete();
    }

    public override void OnFlow(FlowContext flowContext)
    {
    }

    public override void OnDisposition(DispositionContext dispositionContext)
    {
    }

    private static IEnumerable<Data> Sections(RestrictedDescribed? body) => body switch
    {
        DataList list => Enumerable.Range(0, list.Count).Select(i => list[i]),
        Data data => [data],
        _ => [],
    };
}
