using Gtm.Durable.AzureStorage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Gtm.Durable;

public static class AzureStorageDurableTaskBuilderExtensions
{
    /// <summary>
    /// Runs the engine on Azure Storage. The connection string is the given one, or else the app
    /// setting named by <c>storageProvider.connectionName</c> (AzureWebJobsStorage by default);
    /// "UseDevelopmentStorage=true" means Azurite.
    /// </summary>
    public static DurableTaskBuilder UseAzureStorage(this DurableTaskBuilder builder, string? connectionString = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.RemoveAll<AzureStorageConnection>();
        builder.Services.AddSingleton(provider =>
        {
            string name = provider.GetRequiredService<IOptions<DurableTaskOptions>>().Value.StorageProvider.ConnectionName;
            IConfiguration? configuration = provider.GetService<IConfiguration>();
            string? value = connectionString ?? configuration?[name] ?? configuration?.GetConnectionString(name);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new InvalidOperationException(
                    $"No storage connection: set the app setting '{name}' (extensions.durableTask.storageProvider.connectionName) " +
                    "to a connection string, or to UseDevelopmentStorage=true for Azurite.");
            }

            return AzureStorageConnection.From(value);
        });
        builder.Services.RemoveAll<AzureStorageOrchestrationService>();
        builder.Services.AddSingleton<AzureStorageOrchestrationService>();
        return builder.UseBackend<AzureStorageOrchestrationService>();
    }
}
