using Gtm.Activities.Identity;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Configuration;

namespace Gtm.Functions.Handoffs.ServiceBus;

/// <summary>
/// A Service Bus connection named as Azure Functions names one: the setting itself holds a
/// connection string (a shared access key, or <c>UseDevelopmentEmulator=true</c> for a local
/// broker), or <c>{name}__fullyQualifiedNamespace</c> holds the namespace's host name and the app
/// connects with the app's identity (<see cref="ConnectionIdentity"/>).
/// </summary>
public sealed record ServiceBusConnectionSetting(string Name, string? ConnectionString, string? FullyQualifiedNamespace, IConfigurationSection Connection)
{
    public static ServiceBusConnectionSetting Read(IConfiguration configuration, string name)
    {
        IConfigurationSection section = configuration.GetSection(name);
        return new ServiceBusConnectionSetting(name, NonEmpty(section.Value), NonEmpty(section["fullyQualifiedNamespace"]), section);
    }

    /// <summary>What is wrong with the setting, each naming it; none when a client can be made from it.</summary>
    public IEnumerable<string> Problems()
    {
        if (ConnectionString is { } connectionString)
        {
            string? problem = null;
            try
            {
                ServiceBusConnectionStringProperties properties = ServiceBusConnectionStringProperties.Parse(connectionString);
                if (properties.Endpoint is null || string.IsNullOrEmpty(properties.FullyQualifiedNamespace))
                {
                    problem = "has no Endpoint (sb://{namespace}.servicebus.windows.net/)";
                }
                else if (properties.SharedAccessSignature is null && (properties.SharedAccessKeyName is null || properties.SharedAccessKey is null))
                {
                    problem = "has neither SharedAccessKeyName with SharedAccessKey nor SharedAccessSignature";
                }
            }
            catch (FormatException ex)
            {
                problem = $"is not a Service Bus connection string ({ex.Message})";
            }

            if (problem is not null)
            {
                yield return $"App setting '{Name}' {problem}";
            }
        }
        else if (FullyQualifiedNamespace is { } host)
        {
            if (Uri.CheckHostName(host) != UriHostNameType.Dns || !host.Contains('.', StringComparison.Ordinal))
            {
                yield return $"App setting '{Name}__fullyQualifiedNamespace' must be the namespace's host name (such as gtm-prod.servicebus.windows.net), not '{host}'";
            }
        }
        else
        {
            yield return $"App setting '{Name}' is not set: give it a Service Bus connection string, or set '{Name}__fullyQualifiedNamespace' to the namespace's host name to connect with the app's managed identity";
        }
    }

    public ServiceBusClient CreateClient(ServiceBusClientOptions options) => ConnectionString is { } connectionString
        ? new ServiceBusClient(connectionString, options)
        : new ServiceBusClient(FullyQualifiedNamespace, ConnectionIdentity.For(Connection), options);

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
