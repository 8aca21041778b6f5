using Gtm.Functions.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;

// The functions host: `./gtm start` runs it as `func start` would, from the folder with host.json.
string contentRoot = Environment.GetEnvironmentVariable("GTM_CONTENT_ROOT") ?? Directory.GetCurrentDirectory();
try
{
    WebApplication app = FunctionsApplication.Build(args, contentRoot, [typeof(Program).Assembly]);
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is HostConfigurationException or OptionsValidationException)
{
    await Console.Error.WriteLineAsync($"The host cannot start: {ex.Message}");
    return 1;
}
