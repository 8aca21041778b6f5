using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Gtm.Activities.Identity;
using Microsoft.Extensions.Configuration;

namespace Gtm.Activities.Storage;

/// <summary>
/// The storage account an app setting names, read as Azure Functions reads a storage connection:
/// the setting itself holds a connection string (<c>UseDevelopmentStorage=true</c> for Azurite), or
/// <c>{name}__accountName</c> (or <c>{name}__tableServiceUri</c> and <c>{name}__queueServiceUri</c>
/// outside the public cloud) names the account, reached with the app's identity:
/// <see cref="ConnectionIdentity"/> says which. Queues use base64
/// messages, as Azure Functions' queue triggers read them by default.
/// </summary>
public sealed class StorageAccount
{
    private StorageAccount(TableServiceClient tables, QueueServiceClient queues)
    {
        Tables = tables;
        Queues = queues;
    }

    public TableServiceClient Tables { get; }

    public QueueServiceClient Queues { get; }

    public static StorageAccount FromConnectionString(string connectionString) =>
        new(new TableServiceClient(connectionString), new QueueServiceClient(connectionString, QueueOptions));

    /// <exception cref="InvalidOperationException">The setting is missing or names no account; the message names the settings.</exception>
    public static StorageAccount FromConfiguration(IConfiguration configuration, string name)
    {
        IConfigurationSection section = configuration.GetSection(name);
        if (section.Value is { Length: > 0 } connectionString)
        {
            return FromConnectionString(connectionString);
        }

        string? account = NonEmpty(section["accountName"]);
        Uri? tables = ServiceUri(section, "tableServiceUri", account, "table");
        Uri? queues = ServiceUri(section, "queueServiceUri", account, "queue");
        if (tables is null || queues is null)
        {
            throw new InvalidOperationException(
                $"App setting '{name}' is not set: give it a storage connection string (UseDevelopmentStorage=true for Azurite), or set '{name}__accountName' " +
                $"(or both '{name}__tableServiceUri' and '{name}__queueServiceUri') to reach the account with the app's identity.");
        }

        TokenCredential credential = ConnectionIdentity.For(section);
        return new StorageAccount(new TableServiceClient(tables, credential), new QueueServiceClient(queues, credential, QueueOptions));
    }

    private static QueueClientOptions QueueOptions => new() { MessageEncoding = QueueMessageEncoding.Base64 };

    private static Uri? ServiceUri(IConfigurationSection section, string key, string? account, string service)
    {
        if (NonEmpty(section[key]) is { } uri)
        {
            return Uri.TryCreate(uri, UriKind.Absolute, out Uri? parsed) && parsed.Scheme == Uri.UriSchemeHttps
                ? parsed
                : throw new InvalidOperationException($"App setting '{section.Path.Replace(":", "__", StringComparison.Ordinal)}__{key}' must be an https URI, not '{uri}'.");
        }

        return account is null ? null : new Uri($"https://{account}.{service}.core.windows.net");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
