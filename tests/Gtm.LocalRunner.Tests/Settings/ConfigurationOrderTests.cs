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
}
