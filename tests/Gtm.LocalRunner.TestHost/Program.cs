using Gtm.LocalRunner;
using Gtm.LocalRunner.Settings;
using Gtm.LocalRunner.TestHost;
using Microsoft.AspNetCore.Builder;

// Usage: Gtm.LocalRunner.TestHost <script root> [--urls ...]. The script root holds host.json and local.settings.json.
try
{
    WebApplication app = RunnerApplication.Build(args[1..], args[0], TestApp.Definition);
    await app.RunAsync();
    return 0;
}
catch (RunnerConfigurationException ex)
{
    await Console.Error.WriteLineAsync($"The runner cannot start: {ex.Message}");
    return 1;
}
