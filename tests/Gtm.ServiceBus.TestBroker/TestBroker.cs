using System.Net;
using System.Net.Sockets;
using Amqp;
using Amqp.Listener;
using Amqp.Sasl;
using Amqp.Types;
using Gtm.ServiceBus.TestBroker.Amqp;

namespace Gtm.ServiceBus.TestBroker;

/// <summary>
/// A local AMQP 1.0 listener in front of a <see cref="BrokerNamespace"/>, speaking to the
/// Azure.Messaging.ServiceBus SDK as Service Bus does for what the SDK needs here: SASL
/// <c>MSSBCBS</c>, claims-based security with shared access signatures on <c>$cbs</c>, send,
/// peek-lock and receive-and-delete, complete, abandon, dead-letter, lock renewal and peek. The
/// SDK reaches it with a connection string that says <c>UseDevelopmentEmulator=true</c> (plain
/// AMQP, no TLS). <see cref="Stop"/> drops every connection as a failing broker does; the
/// namespace keeps its messages, and locks held by the dropped links go back to their queues.
/// </summary>
public sealed class TestBroker : IDisposable
{
    public const string KeyName = "RootManageSharedAccessKey";

    /// <summary>The namespace's shared access key (base64, as Azure issues them); the broker checks every token against it.</summary>
    public const string Key = "R2F0ZXdheS1icm9rZXItdGVzdC1rZXktbm90LWEtc2VjcmV0PT0=";

    private ContainerHost? host;

    private TestBroker(BrokerNamespace space, int port)
    {
        Namespace = space;
        Port = port;
    }

    public BrokerNamespace Namespace { get; }

    public int Port { get; }

    public bool IsRunning => host is not null;

    /// <summary>What the app's Service Bus connection setting holds to reach this broker.</summary>
    public string ConnectionString => ConnectionStringWith(Key);

    /// <summary>A connection string with another key, which the broker refuses.</summary>
    public string ConnectionStringWith(string key) =>
        $"Endpoint=sb://127.0.0.1:{Port};SharedAccessKeyName={KeyName};SharedAccessKey={key};UseDevelopmentEmulator=true";

    /// <summary>Starts listening on a free loopback port.</summary>
    public static TestBroker Start(BrokerNamespace space)
    {
        var broker = new TestBroker(space, FreePort());
        broker.Start();
        return broker;
    }

    public void Start()
    {
        if (host is not null)
        {
            return;
        }

        var listening = new ContainerHost(new Address($"amqp://127.0.0.1:{Port}"));
        ConnectionListener listener = listening.Listeners[0];
        listener.SASL.EnableMechanism(new Symbol("MSSBCBS"), SaslProfile.External);
        listener.SASL.EnableAnonymousMechanism = true;
        listener.AMQP.MaxFrameSize = 64 * 1024;
        var tags = new LockTokenTags();
        listener.HandlerFactory = _ => tags;
        listening.RegisterRequestProcessor("$cbs", new CbsNode(KeyName, Key, TimeProvider.System));
        listening.RegisterLinkProcessor(new EntityLinks(Namespace));
        listening.Open();
        host = listening;
    }

    /// <summary>Stops listening and drops every connection; the namespace and its messages stay.</summary>
    public void Stop()
    {
        ContainerHost? running = host;
        host = null;
        running?.Close();
    }

    public void Dispose() => Stop();

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
