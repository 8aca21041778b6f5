using Azure.Messaging.ServiceBus;
using Gtm.Activities.Storage;
using Gtm.Functions.Handoffs.ServiceBus;
using Gtm.Functions.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Gtm.Functions.Tests.Handoffs;

[Trait("Category", "Unit")]
public sealed class ServiceBusSettingsTests
{
    private const string ConnectionString = "Endpoint=sb://gtm-prod.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=c2VjcmV0";

    private static IReadOnlyList<string> Problems(Dictionary<string, string?> settings)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = new ServiceBusOptions();
        configuration.GetSection(ServiceBusOptions.Section).Bind(options);
        ValidateOptionsResult result = new ServiceBusOptionsValidator(configuration).Validate(null, options);
        return result.Failed ? [.. result.Failures] : [];
    }

    [Fact]
    public void Storage_queues_alone_need_no_service_bus_setting() =>
        Assert.Empty(Problems(new() { ["Gtm:Stage18Transport"] = "StorageQueues" }));

    [Theory]
    [InlineData("ServiceBus", null)]
    [InlineData("servicebus", null)]
    [InlineData("StorageQueues", "stage16-output")]
    public void A_connection_string_with_its_entities_is_enough(string transport, string? intake) =>
        Assert.Empty(Problems(new() { ["Gtm:Stage18Transport"] = transport, ["Gtm:ServiceBus:Stage18Entity"] = "stage18/handoffs", ["Gtm:ServiceBus:Stage16Queue"] = intake, ["ServiceBusConnection"] = ConnectionString }));

    [Fact]
    public void A_namespace_for_the_managed_identity_is_enough() =>
        Assert.Empty(Problems(new() { ["Gtm:ServiceBus:Stage16Queue"] = "stage16-output", ["ServiceBusConnection:fullyQualifiedNamespace"] = "gtm-prod.servicebus.windows.net" }));

    [Fact]
    public void An_unknown_transport_is_named() =>
        Assert.Equal("App setting 'Gtm:Stage18Transport' must be StorageQueues or ServiceBus, not 'Kafka'", Assert.Single(Problems(new() { ["Gtm:Stage18Transport"] = "Kafka" })));

    [Fact]
    public void Service_bus_without_its_entity_and_connection_names_both()
    {
        IReadOnlyList<string> problems = Problems(new() { ["Gtm:Stage18Transport"] = "ServiceBus" });
        Assert.Equal(2, problems.Count);
        Assert.StartsWith("App setting 'Gtm:ServiceBus:Stage18Entity' is required", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("App setting 'ServiceBusConnection' is not set", problems[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ServiceBusConnection", "not a connection string", "App setting 'ServiceBusConnection' is not a Service Bus connection string")]
    [InlineData("ServiceBusConnection", "Endpoint=sb://gtm-prod.servicebus.windows.net/", "App setting 'ServiceBusConnection' has neither SharedAccessKeyName")]
    [InlineData("ServiceBusConnection", "SharedAccessKeyName=send;SharedAccessKey=c2VjcmV0", "App setting 'ServiceBusConnection' ")]
    [InlineData("ServiceBusConnection:fullyQualifiedNamespace", "https://gtm-prod", "App setting 'ServiceBusConnection__fullyQualifiedNamespace' must be the namespace's host name")]
    [InlineData("Gtm:ServiceBus:Stage16Queue", "-bad name", "App setting 'Gtm:ServiceBus:Stage16Queue' must be a Service Bus entity name")]
    [InlineData("Gtm:ServiceBus:MaxConcurrentCalls", "0", "App setting 'Gtm:ServiceBus:MaxConcurrentCalls' must be 1 to 100")]
    [InlineData("Gtm:ServiceBus:TryTimeout", "00:00:00", "App setting 'Gtm:ServiceBus:TryTimeout' must be above zero")]
    public void An_invalid_setting_is_named(string setting, string value, string problem)
    {
        var settings = new Dictionary<string, string?> { ["Gtm:ServiceBus:Stage16Queue"] = "stage16-output", ["ServiceBusConnection"] = ConnectionString };
        if (setting.StartsWith("ServiceBusConnection", StringComparison.Ordinal))
        {
            settings.Remove("ServiceBusConnection");
        }

        settings[setting] = value;
        Assert.StartsWith(problem, Assert.Single(Problems(settings)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_storage_relay_refuses_an_output_larger_than_a_queue_message()
    {
        var relay = new StorageQueueStage16Relay(new GtmStorage("UseDevelopmentStorage=true"));
        await Assert.ThrowsAsync<Stage16RelayRefusedException>(() => relay.RelayAsync(new string('a', StorageQueueStage16Relay.MaxBytes + 1), CancellationToken.None));
    }

    [Fact]
    public async Task A_namespace_setting_makes_a_client_for_that_namespace_with_the_managed_identity()
    {
        var setting = ServiceBusConnectionSetting.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ServiceBusConnection:fullyQualifiedNamespace"] = "gtm-prod.servicebus.windows.net",
            ["ServiceBusConnection:clientId"] = "11111111-2222-3333-4444-555555555555",
        }).Build(), "ServiceBusConnection");
        await using ServiceBusClient client = setting.CreateClient(new ServiceBusClientOptions());
        Assert.Equal("gtm-prod.servicebus.windows.net", client.FullyQualifiedNamespace);
    }
}

[Trait("Category", "Integration")]
public sealed class ServiceBusStartupTests
{
    [Fact(Timeout = 60_000)]
    public async Task Invalid_service_bus_settings_stop_the_app_from_starting_naming_each()
    {
        OptionsValidationException refused = await Assert.ThrowsAsync<OptionsValidationException>(() => FunctionsHost.StartAsync(values: new Dictionary<string, string?>
        {
            ["Gtm__Stage18Transport"] = "ServiceBus",
            ["Gtm__ServiceBus__Stage16Queue"] = "stage16-output",
            ["ServiceBusConnection"] = "Endpoint=sb://gtm-prod.servicebus.windows.net/",
        }));
        Assert.True(refused.Message.Contains("'Gtm:ServiceBus:Stage18Entity' is required", StringComparison.Ordinal), refused.Message);
        Assert.True(refused.Message.Contains("App setting 'ServiceBusConnection' has neither SharedAccessKeyName", StringComparison.Ordinal), refused.Message);
    }
}
