namespace Gtm.Infrastructure.Tests;

/// <summary>Every template and parameter file compiles, and the linter finds nothing: a warning fails as an error would.</summary>
public sealed class TemplateTests
{
    public static TheoryData<string> Files() => [.. FileNames()];

    private static IEnumerable<string> FileNames() =>
        Directory.EnumerateFiles(Repository.Infra, "*.bicep*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(Repository.Infra, file))
            .Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Compiles_without_a_diagnostic(string file)
    {
        Bicep.Result result = await Bicep.RunAsync(file.EndsWith(".bicepparam", StringComparison.Ordinal) ? "build-params" : "build", file, "--stdout");

        Assert.True(result.Diagnostics.Length == 0, $"{file}: {result.Diagnostics}");
        Assert.NotEmpty(result.Output);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Lints_clean(string file)
    {
        Bicep.Result result = await Bicep.RunAsync("lint", file);

        Assert.True(result.Diagnostics.Length == 0 && result.Output.Trim().Length == 0, $"{file}: {result.Output}{result.Diagnostics}");
    }

    [Fact]
    public void There_is_a_parameter_file_per_environment()
    {
        Assert.Contains(Path.Combine("env", "dev.bicepparam"), FileNames());
        Assert.Contains(Path.Combine("env", "prod.bicepparam"), FileNames());
    }
}
