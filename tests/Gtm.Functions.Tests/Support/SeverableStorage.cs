using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Gtm.Testing;

namespace Gtm.Functions.Tests.Support;

/// <summary>
/// Azurite behind loopback forwarders that can be cut at once. A host on this link that is cut off
/// is dead to everyone else, as a crashed host is: it can neither finish nor give back what it
/// holds, so its partition leases and message locks lapse for another host to take over.
/// </summary>
public sealed class SeverableStorage : IAsyncDisposable
{
    private readonly CancellationTokenSource cut = new();
    private readonly List<TcpListener> listeners = [];
    private readonly ConcurrentBag<TcpClient> connections = [];
    private readonly List<Task> accepting = [];

    private SeverableStorage()
    {
    }

    /// <summary>A connection string to Azurite through this link.</summary>
    public string ConnectionString { get; private set; } = "";

    public static async Task<SeverableStorage> StartAsync()
    {
        string azurite = await Azurite.GetConnectionStringAsync();
        Uri[] services = [new BlobServiceClient(azurite).Uri, new QueueServiceClient(azurite).Uri, new TableServiceClient(azurite).Uri];
        var link = new SeverableStorage();
        int[] ports = [.. services.Select(link.Forward)];
        link.ConnectionString = Azurite.ConnectionString(ports[0], ports[1], ports[2]);
        return link;
    }

    /// <summary>Cuts every connection and refuses new ones.</summary>
    public async Task SeverAsync()
    {
        await cut.CancelAsync();
        foreach (TcpListener listener in listeners)
        {
            listener.Stop();
        }

        foreach (TcpClient connection in connections)
        {
            connection.Dispose();
        }

        await Task.WhenAll(accepting);
    }

    private int Forward(Uri service)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        listeners.Add(listener);
        accepting.Add(AcceptAsync(listener, service));
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task AcceptAsync(TcpListener listener, Uri service)
    {
        while (!cut.IsCancellationRequested)
        {
            TcpClient downstream;
            try
            {
                downstream = await listener.AcceptTcpClientAsync(cut.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var upstream = new TcpClient();
            connections.Add(downstream);
            connections.Add(upstream);
            _ = PipeAsync(downstream, upstream, service);
        }
    }

    private async Task PipeAsync(TcpClient downstream, TcpClient upstream, Uri service)
    {
        try
        {
            await upstream.ConnectAsync(service.Host, service.Port, cut.Token);
            NetworkStream down = downstream.GetStream(), up = upstream.GetStream();
            await Task.WhenAny(down.CopyToAsync(up, cut.Token), up.CopyToAsync(down, cut.Token));
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Cut, or one side closed: both go.
        }
        finally
        {
            downstream.Dispose();
            upstream.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await SeverAsync();
        cut.Dispose();
    }
}
