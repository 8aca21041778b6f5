using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace Gtm.Infrastructure.Tests;

/// <summary>The Bicep CLI restored from the Azure.Bicep.CommandLine.linux-x64 package (its path is the package's BicepPath).</summary>
internal static class Bicep
{
    private static readonly string Executable = typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "BicepPath").Value!.Replace('\\', '/');

    public sealed record Result(int ExitCode, string Output, string Errors)
    {
        /// <summary>Everything the CLI said besides the compiled JSON: diagnostics, warnings included.</summary>
        public string Diagnostics => (ExitCode == 0 ? "" : $"exit code {ExitCode}\n") + Errors.Trim();
    }

    public static async Task<Result> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repository.Infra };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Offline and quiet: no telemetry, no update check.
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Executable}");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return new Result(process.ExitCode, await output, await errors);
    }

    /// <summary>The ARM template main.bicep compiles to.</summary>
    public static async Task<JsonObject> CompileMainAsync()
    {
        Result result = await RunAsync("build", "main.bicep", "--stdout");
        Assert.True(result.Diagnostics.Length == 0, result.Diagnostics);
        return JsonNode.Parse(result.Output)!.AsObject();
    }
}
