using System.Collections.Concurrent;
using Amqp;
using Amqp.Listener;

namespace Gtm.ServiceBus.TestBroker.Amqp;

/// <summary>
/// The links on which management answers go back: each client attaches one to an entity's
/// <c>$management</c> node with its reply-to address as the target, and names that address in
/// every request.
/// </summary>
internal sealed class ManagementResponses
{
    private readonly ConcurrentDictionary<(Connection Connection, string ReplyTo), ListenerLink> links = new();

    public void Add(ListenerLink link, string replyTo)
    {
        Connection connection = link.Session.Connection;
        links[(connection, replyTo)] = link;
        link.Closed += (_, _) => links.TryRemove(new KeyValuePair<(Connection, string), ListenerLink>((connection, replyTo), link));
    }

    public ListenerLink? Find(ListenerLink requestLink, string? replyTo) =>
        replyTo is not null && links.TryGetValue((requestLink.Session.Connection, replyTo), out ListenerLink? link) ? link : null;
}
