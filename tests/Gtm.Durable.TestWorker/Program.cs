using Gtm.Durable;
using Gtm.Durable.AzureStorage;
using Gtm.Durable.TestWorker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Runs a worker on the hub named by --extensions:durableTask:hubName, storage from --AzureWebJobsStorage.
// With --crashAfterCommit true it kills itself right after the first episode that commits an outbox,
// before delivering it: the crash window the outbox exists for.
HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services
    .AddDurableTask(builder.Configuration.GetSection(DurableTaskOptions.SectionPath))
    .AddTasks(tasks => tasks.AddAllFrom(typeof(CrashChain).Assembly))
    .UseAzureStorage();

using IHost host = builder.Build();
if (builder.Configuration.GetValue<bool>("crashAfterCommit"))
{
    host.Services.GetRequiredService<AzureStorageOrchestrationService>().AfterCommit = () =>
    {
        Console.WriteLine("crashing after commit");
        Console.Out.Flush();
        System.Diagnostics.Process.GetCurrentProcess().Kill();
        return Task.CompletedTask;
    };
}

await host.StartAsync();
Console.WriteLine("worker started");
await host.WaitForShutdownAsync();
