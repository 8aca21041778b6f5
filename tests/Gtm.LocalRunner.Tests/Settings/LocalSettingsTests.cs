using Gtm.LocalRunner.Settings;

namespace Gtm.LocalRunner.Tests.Settings;

[Trait("Category", "Unit")]
public sealed class LocalSettingsTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"local-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(path);

    [Fact]
    public void Values_become_settings_with_double_underscore_as_section_separator()
    {
        File.WriteAllText(path, """{"IsEncrypted":false,"Values":{"AzureWebJobsStorage":"UseDevelopmentStorage=true","Keys__Master":"m","Retries":3},"ConnectionStrings":{"Db":"x"},"Host":{"LocalHttpPort":7072}}""");
        LocalSettings settings = LocalSettings.Load(path);
        Assert.Equal("UseDevelopmentStorage=true", settings.Values["AzureWebJobsStorage"]);
        Assert.Equal("m", settings.Values["Keys:Master"]);
        Assert.Equal("3", settings.Values["Retries"]);
        Assert.Equal("x", settings.Values["ConnectionStrings:Db"]);
        Assert.Equal(7072, settings.LocalHttpPort);
    }

    [Fact]
    public void A_missing_file_means_no_settings()
    {
        Assert.Same(LocalSettings.Empty, LocalSettings.Load(path));
    }

    [Theory]
    [InlineData("""{"IsEncrypted":true,"Values":{}}""", "IsEncrypted true")]
    [InlineData("""{"Values":{"Nested":{"a":1}}}""", "'Values.Nested' must be a string")]
    [InlineData("""{"Values":[]}""", "'Values' must be an object")]
    [InlineData("""{"Value":{}}""", "unknown section 'Value'")]
    [InlineData("""{"Host":{"LocalHttpPort":70000}}""", "'Host.LocalHttpPort' must be a port number")]
    [InlineData("""{"Host":{"Port":7071}}""", "unknown setting 'Host.Port'")]
    [InlineData("""{"Values":{""", "not valid JSON")]
    public void Bad_files_give_a_clear_error(string json, string expected)
    {
        File.WriteAllText(path, json);
        var error = Assert.Throws<RunnerConfigurationException>(() => LocalSettings.Load(path));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("local.settings.json", error.Message, StringComparison.Ordinal);
    }
}
