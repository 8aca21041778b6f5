using Gtm.LocalRunner.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gtm.LocalRunner.Catalog;

/// <summary>The start-up listing <c>func start</c> prints: each function with its trigger, route, queue or schedule.</summary>
internal static partial class FunctionList
{
    public static void Log(WebApplication app, FunctionCatalog catalog)
    {
        ILogger logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Host.Functions");
        string prefix = app.Services.GetRequiredService<IOptions<FunctionsHostOptions>>().Value.RoutePrefix;
        string address = app.Urls.FirstOrDefault() ?? "";
        foreach (FunctionDescriptor function in catalog.Functions.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            string trigger = function.Trigger switch
            {
                HttpTriggerAttribute http => $"[{string.Join(',', http.Methods ?? ["GET", "POST"]).ToUpperInvariant()}] {address}/{string.Join('/', new[] { prefix, (http.Route ?? function.Name).Trim('/') }.Where(p => p.Length > 0))} ({http.AuthLevel})",
                TimerTriggerAttribute timer => $"timer {timer.Schedule}{(timer.RunOnStartup ? ", runOnStartup" : "")}",
                QueueTriggerAttribute queue => $"queue {queue.QueueName}",
                _ => function.TriggerType,
            };
            LogFunction(logger, function.Name, trigger);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{FunctionName}: {Trigger}")]
    private static partial void LogFunction(ILogger logger, string functionName, string trigger);
}
