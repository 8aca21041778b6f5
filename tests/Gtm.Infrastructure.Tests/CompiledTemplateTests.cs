using System.Text.Json.Nodes;

namespace Gtm.Infrastructure.Tests;

/// <summary>What the compiled ARM JSON must hold: identity-based storage, no secret in plain text, HTTPS and TLS 1.2 only, FTP off, the app identity's roles.</summary>
public sealed class CompiledTemplateTests
{
    private static readonly Lazy<Task<ArmTemplate>> Main = new(async () => new ArmTemplate(await Bicep.CompileMainAsync()));

    [Fact]
    public async Task The_app_reaches_its_storage_by_its_identity_and_no_key_exists_anywhere()
    {
        ArmTemplate main = await Main.Value;
        JsonObject settings = AppSettingsTemplate.Settings(main);

        Assert.Equal("managedidentity", (string?)settings["AzureWebJobsStorage__credential"]);
        Assert.Contains("storageAccountName", (string?)settings["AzureWebJobsStorage__accountName"]);
        Assert.Contains("identityClientId", (string?)settings["AzureWebJobsStorage__clientId"]);
        Assert.False(settings.ContainsKey("AzureWebJobsStorage"), "AzureWebJobsStorage would be a connection string with the account key");
        Assert.Contains("identityClientId", (string?)settings["ServiceBusConnection__clientId"]);
        Assert.False(settings.ContainsKey("ServiceBusConnection"), "ServiceBusConnection would be a connection string with a shared access key");

        string text = main.ToString();
        foreach (string keyMaterial in new[] { "listKeys(", "listConnectionStrings(", "AccountKey=", "SharedAccessKey", "listAccountSas(" })
        {
            Assert.DoesNotContain(keyMaterial, text, StringComparison.OrdinalIgnoreCase);
        }

        JsonObject storage = Properties(main.Module("storage"), "Microsoft.Storage/storageAccounts");
        Assert.False((bool)storage["allowSharedKeyAccess"]!);
        Assert.False((bool)storage["allowBlobPublicAccess"]!);
        JsonObject bus = Properties(main.Module("serviceBus"), "Microsoft.ServiceBus/namespaces");
        Assert.True((bool)bus["disableLocalAuth"]!);
        JsonObject insights = Properties(main.Module("monitoring"), "Microsoft.Insights/components");
        Assert.True((bool)insights["DisableLocalAuth"]!);
    }

    [Fact]
    public async Task Secrets_are_Key_Vault_references_never_values()
    {
        ArmTemplate main = await Main.Value;
        JsonObject settings = AppSettingsTemplate.Settings(main);
        string[] secretSettings = [.. settings.Select(s => s.Key).Where(IsSecret)];

        Assert.Equal(6, secretSettings.Length);
        foreach (string name in secretSettings)
        {
            string value = (string?)settings[name] ?? "";
            Assert.True(value.Contains("__bicep.secret(", StringComparison.Ordinal) && value.StartsWith("[if(", StringComparison.Ordinal) && value.Contains("''", StringComparison.Ordinal),
                $"{name} must be a Key Vault reference when its channel or model is on, and empty otherwise: {value}");
        }

        Assert.Contains("@Microsoft.KeyVault(VaultName={0};SecretName={1})", AppSettingsTemplate.Template(main).ToString(), StringComparison.Ordinal);
        JsonObject site = main.Module("functionApp").ResourcesOfType("Microsoft.Web/sites").Single();
        Assert.Contains("identityId", (string?)site["properties"]!["keyVaultReferenceIdentity"]);

        // No parameter anywhere carries a default that could be a secret.
        foreach (ArmTemplate template in new[] { main }.Concat(main.ResourcesOfType("Microsoft.Resources/deployments").Select(d => main.Module((string)d["name"]!))))
        {
            foreach ((string name, JsonNode? parameter) in template.Json["parameters"]?.AsObject() ?? [])
            {
                Assert.False(((string?)parameter!["type"])?.StartsWith("secure", StringComparison.Ordinal) == true && parameter["defaultValue"] is not null, $"{name} is a secure parameter with a default");
            }
        }
    }

    [Fact]
    public async Task The_app_takes_HTTPS_and_TLS_1_2_only_with_FTP_and_basic_publishing_off()
    {
        ArmTemplate app = (await Main.Value).Module("functionApp");
        JsonObject site = Properties(app, "Microsoft.Web/sites");
        JsonObject config = site["siteConfig"]!.AsObject();

        Assert.True((bool)site["httpsOnly"]!);
        Assert.Equal("1.2", (string?)config["minTlsVersion"]);
        Assert.Equal("1.2", (string?)config["scmMinTlsVersion"]);
        Assert.Equal("Disabled", (string?)config["ftpsState"]);
        JsonObject[] policies = [.. app.ResourcesOfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies")];
        Assert.Equal(2, policies.Length);
        Assert.All(policies, p => Assert.False((bool)p["properties"]!["allow"]!));

        JsonObject storage = Properties((await Main.Value).Module("storage"), "Microsoft.Storage/storageAccounts");
        Assert.True((bool)storage["supportsHttpsTrafficOnly"]!);
        Assert.Equal("TLS1_2", (string?)storage["minimumTlsVersion"]);
        Assert.Equal("1.2", (string?)Properties((await Main.Value).Module("serviceBus"), "Microsoft.ServiceBus/namespaces")["minimumTlsVersion"]);
    }

    [Fact]
    public async Task The_function_app_is_dotNET_10_isolated_on_Flex_Consumption_or_Elastic_Premium()
    {
        ArmTemplate app = (await Main.Value).Module("functionApp");
        string site = ArmTemplate.Text(app.ResourcesOfType("Microsoft.Web/sites").Single());
        string plan = ArmTemplate.Text(app.ResourcesOfType("Microsoft.Web/serverfarms").Single());

        Assert.Contains("'dotnet-isolated'", site, StringComparison.Ordinal);
        Assert.Contains("'10.0'", site, StringComparison.Ordinal);
        Assert.Contains("DOTNET-ISOLATED|10.0", site, StringComparison.Ordinal);
        Assert.Contains("'FlexConsumption'", plan, StringComparison.Ordinal);
        Assert.Contains("'ElasticPremium'", plan, StringComparison.Ordinal);
        Assert.Contains("UserAssignedIdentity", site, StringComparison.Ordinal);
    }

    /// <summary>The role each scope must grant the app's identity: what the host, the Durable extension and the app use.</summary>
    [Theory]
    [InlineData("storage", "storageBlobDataOwner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b")]
    [InlineData("storage", "storageQueueDataContributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88")]
    [InlineData("storage", "storageTableDataContributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3")]
    [InlineData("serviceBus", "serviceBusDataSender", "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39")]
    [InlineData("serviceBus", "serviceBusDataReceiver", "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0")]
    [InlineData("keyVault", "keyVaultSecretsUser", "4633458b-17de-408a-b874-0445c86b69e6")]
    [InlineData("monitoring", "monitoringMetricsPublisher", "3913510d-42f4-4e42-8a64-420c390055eb")]
    public async Task The_app_identity_has_its_role(string module, string role, string roleDefinitionId)
    {
        ArmTemplate template = (await Main.Value).Module(module);
        JsonObject[] assignments = [.. template.ResourcesOfType("Microsoft.Authorization/roleAssignments")];

        Assert.Equal(roleDefinitionId, (string?)template.Variables["roles"]?[role]);
        Assert.NotEmpty(assignments);
        Assert.All(assignments, a => Assert.Equal("ServicePrincipal", (string?)a["properties"]!["principalType"]));
        // Assigned by a role assignment, directly or through a variable the assignments loop over.
        string uses = string.Concat(assignments.Select(ArmTemplate.Text)) + string.Concat(template.Variables.Where(v => v.Key != "roles").Select(v => ArmTemplate.Text(v.Value)));
        Assert.Contains($"variables('roles').{role}", uses, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Both_handoff_entities_detect_duplicates()
    {
        ArmTemplate bus = (await Main.Value).Module("serviceBus");
        JsonObject[] entities = [.. bus.ResourcesOfType("Microsoft.ServiceBus/namespaces/queues").Concat(bus.ResourcesOfType("Microsoft.ServiceBus/namespaces/topics"))];

        Assert.Equal(3, entities.Length); // the Stage 16 queue, and Stage 18's queue or topic
        Assert.All(entities, e => Assert.True((bool)e["properties"]!["requiresDuplicateDetection"]!));
    }

    [Fact]
    public async Task The_outputs_give_the_apps_URL()
    {
        ArmTemplate main = await Main.Value;

        Assert.Contains("appUrl", main.Json["outputs"]!.AsObject().Select(o => o.Key));
        Assert.Contains("'https://{0}'", ArmTemplate.Text(main.Module("functionApp").Json["outputs"]!["url"]!), StringComparison.Ordinal);
    }

    private static bool IsSecret(string setting) =>
        setting.EndsWith("AccessToken", StringComparison.Ordinal) || setting.EndsWith("DeveloperToken", StringComparison.Ordinal) || setting.EndsWith("ApiKey", StringComparison.Ordinal);

    private static JsonObject Properties(ArmTemplate template, string type) => template.ResourcesOfType(type).Single()["properties"]!.AsObject();
}
