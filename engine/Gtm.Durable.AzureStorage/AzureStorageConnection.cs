namespace Gtm.Durable.AzureStorage;

/// <summary>The storage account's connection string, resolved from configuration at start-up.</summary>
public sealed record AzureStorageConnection(string ConnectionString)
{
    /// <summary>Azurite on its default ports, as "UseDevelopmentStorage=true" means to Azure tools.</summary>
    public const string DevelopmentStorage =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;" +
        "TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;";

    public static AzureStorageConnection From(string connectionString) =>
        new(string.Equals(connectionString.Trim(), "UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase) ? DevelopmentStorage : connectionString);
}
