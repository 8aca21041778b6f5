using Gtm.Durable.TestWorker;
using Gtm.Functions.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;

// Usage: Gtm.Functions.TestHost <content root>. The content root holds host.json and local.settings.json.
try
{
    WebApplication app = FunctionsApplication.Build(args[1..], args[0], [typeof(Gtm.Functions.TestHost.RecordTimerRun).Assembly, typeof(CrashChain).Assembly]);
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is HostConfigurationException or OptionsValidationException)
{
    await Console.Error.WriteLineAsync($"The host cannot start: {ex.Message}");
    return 1;
}
