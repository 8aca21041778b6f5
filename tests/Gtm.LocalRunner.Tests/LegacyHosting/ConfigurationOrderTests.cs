using Gtm.Functions.Tests.Support;
using Gtm.Functions.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Gtm.Functions.Tests.Hosting;

[Trait("Category", "Unit")]
public sealed class ConfigurationOrderTests
{
    [Fact]
    public async Task Environment_variables_win_over_local_settings_with_double_underscore_sections()
    {
        string name = $"GtmTestSetting{Guid.NewGuid():N}";
        string root = TestContentRoot.Create(TestContentRoot.HostJson("orderhub"), new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            [name] = "from local.settings.json",
            [name + "Only"] = "from local.settings.json",
            ["Section__Key"] = "nested",
            ["Gtm__Stage16Queue"] = "stage16-order",
            ["Gtm__Stage18Queue"] = "stage18-order",
        });
        Environment.SetEnvironmentVariable(name, "from the environment");
        try
        {
            await using WebApplication app = FunctionsApplication.Build([], root, [typeof(FunctionsApplication).Assembly]);
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
