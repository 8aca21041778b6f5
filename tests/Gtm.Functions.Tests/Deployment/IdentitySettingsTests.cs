using Azure.Identity;
using Gtm.Activities.Storage;
using Gtm.Functions.Product;
using Microsoft.Extensions.Configuration;

namespace Gtm.Functions.Tests.Deployment;

/// <summary>
/// The settings Azure gives the app (infra/azure): its storage account by name with the app's
/// managed identity, as Azure Functions reads an identity-based connection, and telemetry sent
/// with that identity. A connection string keeps working for Azurite.
/// </summary>
[Trait("Category", "Unit")]
public sealed class IdentitySettingsTests
{
    [Fact]
    public void A_connection_string_is_used_as_it_is()
    {
        StorageAccount account = StorageAccount.FromConfiguration(Settings(("AzureWebJobsStorage", "UseDevelopmentStorage=true")), "AzureWebJobsStorage");

        Assert.Equal("devstoreaccount1", account.Tables.AccountName);
        Assert.Equal(10001, account.Queues.Uri.Port);
    }

    [Fact]
    public void An_account_name_reaches_the_accounts_endpoints_with_the_identity()
    {
        StorageAccount account = StorageAccount.FromConfiguration(Settings(
            ("AzureWebJobsStorage:accountName", "stgtmprod"),
            ("AzureWebJobsStorage:credential", "managedidentity"),
            ("AzureWebJobsStorage:clientId", "00000000-0000-0000-0000-000000000001")), "AzureWebJobsStorage");

        Assert.Equal(new Uri("https://stgtmprod.table.core.windows.net/"), account.Tables.Uri);
        Assert.Equal(new Uri("https://stgtmprod.queue.core.windows.net/"), account.Queues.Uri);
    }

    [Fact]
    public void Service_URIs_name_the_endpoints_outside_the_public_cloud()
    {
        StorageAccount account = StorageAccount.FromConfiguration(Settings(
            ("AzureWebJobsStorage:tableServiceUri", "https://stgtm.table.core.chinacloudapi.cn"),
            ("AzureWebJobsStorage:queueServiceUri", "https://stgtm.queue.core.chinacloudapi.cn")), "AzureWebJobsStorage");

        Assert.Equal("stgtm.table.core.chinacloudapi.cn", account.Tables.Uri.Host);
        Assert.Equal("stgtm.queue.core.chinacloudapi.cn", account.Queues.Uri.Host);
    }

    [Theory]
    [InlineData(null, null, null, "App setting 'AzureWebJobsStorage' is not set")]
    [InlineData("stgtm", "secret", null, "App setting 'AzureWebJobsStorage__credential' must be 'managedidentity'")]
    [InlineData(null, null, "http://stgtm.table.core.windows.net", "'AzureWebJobsStorage__tableServiceUri' must be an https URI")]
    public void A_setting_that_names_no_account_stops_start_up_naming_it(string? accountName, string? credential, string? tableUri, string expected)
    {
        IConfiguration settings = Settings(("AzureWebJobsStorage:accountName", accountName), ("AzureWebJobsStorage:credential", credential),
            ("AzureWebJobsStorage:tableServiceUri", tableUri), ("AzureWebJobsStorage:queueServiceUri", tableUri?.Replace("table", "queue", StringComparison.Ordinal)));

        var error = Assert.Throws<InvalidOperationException>(() => StorageAccount.FromConfiguration(settings, "AzureWebJobsStorage"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Telemetry_goes_with_the_identity_when_Application_Insights_takes_no_key()
    {
        Assert.Null(WorkerTelemetry.InsightsIdentity(null));
        Assert.IsType<ManagedIdentityCredential>(WorkerTelemetry.InsightsIdentity("ClientId=00000000-0000-0000-0000-000000000001;Authorization=AAD"));
        Assert.IsType<ManagedIdentityCredential>(WorkerTelemetry.InsightsIdentity("Authorization=AAD"));
        var error = Assert.Throws<InvalidOperationException>(() => WorkerTelemetry.InsightsIdentity("Authorization=Basic"));
        Assert.Contains("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Settings(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Where(v => v.Value is not null).Select(v => KeyValuePair.Create(v.Key, v.Value))).Build();
}
