using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Gtm.Durable.AzureStorage;
using Microsoft.Extensions.Configuration;

namespace Gtm.Functions.Hosting;

/// <summary>
/// The storage accounts the host uses, by app-setting name (AzureWebJobsStorage by default;
/// UseDevelopmentStorage=true means Azurite). The host's own state (timer leases and status)
/// lives in the <c>azure-webjobs-hosts</c> container, as in Azure Functions.
/// </summary>
public sealed class HostStorage
{
    public const string DefaultConnection = "AzureWebJobsStorage";
    public const string HostContainerName = "azure-webjobs-hosts";

    /// <summary>App setting HostId names the app whose hosts share timers; this is its default.</summary>
    public const string DefaultHostId = "gtm-functions";
    private readonly IConfiguration configuration;

    public HostStorage(IConfiguration configuration)
    {
        this.configuration = configuration;
        HostContainer = new BlobContainerClient(ConnectionString(DefaultConnection), HostContainerName);
    }

    public BlobContainerClient HostContainer { get; }

    public string ConnectionString(string name)
    {
        string value = configuration[name] ?? configuration.GetConnectionString(name)
            ?? throw new HostConfigurationException($"App setting '{name}' is not set: give it a storage connection string, or UseDevelopmentStorage=true for Azurite.");
        return AzureStorageConnection.From(value).ConnectionString;
    }

    public QueueClient Queue(string connection, string name, QueueMessageEncoding encoding) =>
        new(ConnectionString(connection), name, new QueueClientOptions { MessageEncoding = encoding });

    public Task InitializeAsync(CancellationToken cancellation) => HostContainer.CreateIfNotExistsAsync(cancellationToken: cancellation);
}
