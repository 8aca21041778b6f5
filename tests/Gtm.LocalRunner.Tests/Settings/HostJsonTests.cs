using Gtm.LocalRunner.Settings;

namespace Gtm.LocalRunner.Tests.Settings;

[Trait("Category", "Unit")]
public sealed class HostJsonTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"host-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(path);

    [Fact]
    public void The_apps_host_json_is_valid()
    {
        string appHostJson = Path.Combine(AppContext.BaseDirectory, "../../../../../functions/Gtm.Functions/host.json");
        HostJson.Validate(appHostJson);
    }

    [Theory]
    [InlineData("""{"version":"2.0","extensions":{"queues":{"batchSiz":4}}}""", "'extensions.queues.batchSiz' is not a setting the runner knows")]
    [InlineData("""{"version":"2.0","extensions":{"queues":{"batchSize":64}}}""", "'extensions.queues.batchSize' is out of range")]
    [InlineData("""{"version":"2.0","functionTimeout":"ten minutes"}""", "'functionTimeout' has the wrong format")]
    [InlineData("""{"version":"2.0","extensions":{"queues":{"messageEncoding":"utf7"}}}""", "'extensions.queues.messageEncoding' must be one of")]
    [InlineData("""{"extensions":{}}""", "'version' is required")]
    [InlineData("""{"version":"2.0","extensions":{"durableTask":{"storageProvider":{"partitionCount":0}}}}""", "'extensions.durableTask.storageProvider.partitionCount' is out of range")]
    public void Invalid_settings_stop_start_up_with_the_setting_named(string json, string expected)
    {
        File.WriteAllText(path, json);
        var error = Assert.Throws<RunnerConfigurationException>(() => HostJson.Validate(path));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_gives_the_line()
    {
        File.WriteAllText(path, "{\n  \"version\": \"2.0\",\n  \"logging\": {\n}");
        var error = Assert.Throws<RunnerConfigurationException>(() => HostJson.Validate(path));
        Assert.Contains("not valid JSON (line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var error = Assert.Throws<RunnerConfigurationException>(() => HostJson.Validate(path));
        Assert.Contains("host.json not found", error.Message, StringComparison.Ordinal);
    }
}
