using System.Text.Json.Nodes;
using Gtm.LocalRunner.TestHost;
using Gtm.LocalRunner.Tests.Support;
using Microsoft.AspNetCore.Builder;

namespace Gtm.LocalRunner.Tests.Settings;

[Trait("Category", "Unit")]
public sealed class ConfigurationOrderTests
{
    [Fact]
    public async Task Environment_variables_win_over_local_settings_with_double_underscore_sections()
    {
        string name = $"GtmTestSetting{Guid.NewGuid():N}";
        Dictionary<string, string?> values = await TestRunner.ValuesAsync("order");
        values[name] = "from local.settings.json";
        values[name + "Only"] = "from local.settings.json";
        values["Section__Key"] = "nested";
        string root = Directory.CreateTempSubdirectory("gtm-order-").FullName;
        await File.WriteAllTextAsync(Path.Combine(root, "host.json"), TestRunner.HostJson("orderhub").ToJsonString());
        await File.WriteAllTextAsync(Path.Combine(root, "local.settings.json"), new JsonObject { ["Values"] = new JsonObject([.. values.Select(v => KeyValuePair.Create(v.Key, (JsonNode?)v.Value))]) }.ToJsonString());
        Environment.SetEnvironmentVariable(name, "from the environment");
        try
        {
            await using WebApplication app = RunnerApplication.Build([], root, TestApp.Definition);
            Assert.Equal("from the environment", app.Configuration[name]);
            Assert.Equal("from local.settings.json", app.Configuration[name + "Only"]);
            Assert.Equal("nested", app.Configuration["Section:Key"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task AzureFunctionsJobHost_settings_override_host_json_and_the_environment_wins()
    {
        // A host.json path of its own, so the environment variable touches no other test's runner.
        string probe = $"AzureFunctionsJobHost__extensions__probe{Guid.NewGuid():N}";
        Dictionary<string, string?> values = await TestRunner.ValuesAsync("override");
        values["AzureFunctionsJobHost__extensions__durableTask__hubName"] = "overriddenhub";
        values[probe] = "from local.settings.json";
        string root = Directory.CreateTempSubdirectory("gtm-override-").FullName;
        await File.WriteAllTextAsync(Path.Combine(root, "host.json"), TestRunner.HostJson("orderhub").ToJsonString());
        await File.WriteAllTextAsync(Path.Combine(root, "local.settings.json"), new JsonObject { ["Values"] = new JsonObject([.. values.Select(v => KeyValuePair.Create(v.Key, (JsonNode?)v.Value))]) }.ToJsonString());
        Environment.SetEnvironmentVariable(probe, "from the environment");
        try
        {
            await using WebApplication app = RunnerApplication.Build([], root, TestApp.Definition);
            Assert.Equal("overriddenhub", app.Configuration["extensions:durableTask:hubName"]);
            Assert.Equal("from the environment", app.Configuration[probe["AzureFunctionsJobHost__".Length..].Replace("__", ":", StringComparison.Ordinal)]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(probe, null);
            Directory.Delete(root, recursive: true);
        }
    }
}
