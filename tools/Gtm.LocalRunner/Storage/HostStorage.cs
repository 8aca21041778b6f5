using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Gtm.LocalRunner.Settings;
using Microsoft.Extensions.Configuration;

namespace Gtm.LocalRunner.Storage;

/// <summary>
/// The storage accounts the runner uses, by app-setting name (AzureWebJobsStorage by default;
/// UseDevelopmentStorage=true means Azurite, as the Azure SDK reads it). The host's own state
/// (timer leases and status) lives in the <c>azure-webjobs-hosts</c> container, as in Azure Functions.
/// </summary>
public sealed class HostStorage
{
    public const string DefaultConnection = "AzureWebJobsStorage";
    public const string HostContainerName = "azure-webjobs-hosts";

    /// <summary>App setting HostId names the app whose hosts share timers; this is its default.</summary>
    public const string DefaultHostId = "gtm-functions";

    /// <summary>A request that hangs is abandoned and retried after this, not after the SDK's 100 seconds.</summary>
    private static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(15);

    private readonly IConfiguration configuration;
    private readonly Lazy<BlobContainerClient> hostContainer;

    public HostStorage(IConfiguration configuration)
    {
        this.configuration = configuration;
        hostContainer = new(() =>
        {
            var blobOptions = new BlobClientOptions();
            blobOptions.Retry.NetworkTimeout = NetworkTimeout;
            return new BlobContainerClient(ConnectionString(DefaultConnection), HostContainerName, blobOptions);
        });
    }

    /// <summary>The host's container (timer leases and status), made on first use: an app without timers needs none.</summary>
    public BlobContainerClient HostContainer => hostContainer.Value;

    public string ConnectionString(string name) =>
        configuration[name] ?? configuration.GetConnectionString(name)
        ?? throw new RunnerConfigurationException($"App setting '{name}' is not set: give it a storage connection string, or UseDevelopmentStorage=true for Azurite.");

    /// <summary>
    /// A queue client; with base64 encoding, a message that is not base64 cannot be decoded: it is
    /// moved to the poison queue as it is, instead of stopping the listener.
    /// </summary>
    public QueueClient Queue(string connection, string name, QueueMessageEncoding encoding)
    {
        var options = new QueueClientOptions { MessageEncoding = encoding };
        options.Retry.NetworkTimeout = NetworkTimeout;
        options.MessageDecodingFailed += async args =>
        {
            if (args.ReceivedMessage is { } message)
            {
                var poison = new QueueClient(ConnectionString(connection), name + "-poison", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
                await poison.CreateIfNotExistsAsync(cancellationToken: args.CancellationToken).ConfigureAwait(false);
                await poison.SendMessageAsync(message.Body, cancellationToken: args.CancellationToken).ConfigureAwait(false);
                await args.Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, args.CancellationToken).ConfigureAwait(false);
            }
        };
        return new QueueClient(ConnectionString(connection), name, options);
    }

    public Task InitializeAsync(CancellationToken cancellation) => HostContainer.CreateIfNotExistsAsync(cancellationToken: cancellation);
}
