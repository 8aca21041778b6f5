using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace Gtm.Activities.Identity;

/// <summary>
/// The app's identity behind an identity-based connection setting, as Azure Functions reads one:
/// <c>{name}__credential=managedidentity</c> is the managed identity (<c>{name}__clientId</c> picks a
/// user-assigned one); unset, <see cref="DefaultAzureCredential"/> (a developer's sign-in locally,
/// the managed identity in Azure).
/// </summary>
public static class ConnectionIdentity
{
    /// <exception cref="InvalidOperationException">The credential setting names another kind; the message names the setting.</exception>
    public static TokenCredential For(IConfigurationSection connection)
    {
        string? clientId = NonEmpty(connection["clientId"]);
        return NonEmpty(connection["credential"]) switch
        {
            null => new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId }),
            { } kind when kind.Equals("managedidentity", StringComparison.OrdinalIgnoreCase) => Managed(clientId),
            { } other => throw new InvalidOperationException(
                $"App setting '{connection.Path.Replace(":", "__", StringComparison.Ordinal)}__credential' must be 'managedidentity' or unset, not '{other}'."),
        };
    }

    /// <summary>The managed identity: the user-assigned one with <paramref name="clientId"/>, else the system-assigned one.</summary>
    public static TokenCredential Managed(string? clientId) =>
        new ManagedIdentityCredential(clientId is null ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId));

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
