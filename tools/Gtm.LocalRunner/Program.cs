using Gtm.Functions.Product;
using Gtm.LocalRunner;
using Gtm.LocalRunner.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;

// `./gtm start`: runs the Functions app as `func start` would, from its build or publish output
// (the folder with host.json, local.settings.json and functions.metadata): --script-root <folder>.
(string scriptRoot, string[] rest) = ScriptRoot(args);
var app = new FunctionsApp(typeof(ProductServices).Assembly, (services, configuration) => services.AddGtmProduct(configuration));
try
{
    WebApplication runner = RunnerApplication.Build(rest, scriptRoot, app);
    await runner.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is RunnerConfigurationException or OptionsValidationException or InvalidOperationException)
{
    await Console.Error.WriteLineAsync($"The runner cannot start: {ex.Message}");
    return 1;
}

static (string Root, string[] Others) ScriptRoot(string[] args)
{
    int at = Array.IndexOf(args, "--script-root");
    return at >= 0 && at + 1 < args.Length
        ? (Path.GetFullPath(args[at + 1]), [.. args[..at], .. args[(at + 2)..]])
        : (Directory.GetCurrentDirectory(), args);
}
