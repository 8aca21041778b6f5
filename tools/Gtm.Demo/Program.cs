using System.Diagnostics;
using Gtm.Durable;
using Gtm.Durable.Samples;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Runs the engine's sample orchestrations (Durable Functions' patterns) on Azure Storage and
// prints what each returned. The storage connection comes from AzureWebJobsStorage.
HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "host.json"), optional: false);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services
    .AddDurableTask(builder.Configuration.GetSection(DurableTaskOptions.SectionPath))
    .AddTasks(tasks => tasks.AddAllFrom(typeof(HelloSequence).Assembly))
    .UseAzureStorage();

using IHost host = builder.Build();
await host.StartAsync();
DurableTaskClient client = host.Services.GetRequiredService<DurableTaskClient>();
using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
Console.WriteLine("GTM Functions: durable engine samples on Azure Storage");
Console.WriteLine();

string[] cities = ["Tokyo", "Seattle", "London"];
await RunAsync("function chaining", nameof(HelloSequence), cities);
await RunAsync("fan-out/fan-in (100 activities)", nameof(FanOutFanIn), 100);

string approval = await client.ScheduleNewOrchestrationInstanceAsync(
    nameof(ApprovalWorkflow), new ApprovalRequest("Q3 launch budget", TimeSpan.FromMinutes(10)), cancellation: timeout.Token);
var waiting = Stopwatch.StartNew();
OrchestrationMetadata started = await client.WaitForInstanceStartAsync(approval, getInputsAndOutputs: true, timeout.Token);
Console.WriteLine($"human interaction: {approval} is {started.RuntimeStatus}, custom status {started.SerializedCustomStatus}");
Console.WriteLine($"  the demo answers as the approver: {ApprovalWorkflow.DecisionEvent} {{ approved: true, by: lead@studio }}");
await client.RaiseEventAsync(approval, ApprovalWorkflow.DecisionEvent, new ApprovalDecision(true, "lead@studio"), timeout.Token);
Print("human interaction", await client.WaitForInstanceCompletionAsync(approval, getInputsAndOutputs: true, timeout.Token), waiting.Elapsed);

await RunAsync("human interaction, nobody answers (2 s timeout)", nameof(ApprovalWorkflow), new ApprovalRequest("Q4 launch budget", TimeSpan.FromSeconds(2)));
await host.StopAsync();

async Task RunAsync(string title, string orchestrator, object input)
{
    var clock = Stopwatch.StartNew();
    string id = await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, cancellation: timeout.Token);
    Print(title, await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token), clock.Elapsed);
}

static void Print(string title, OrchestrationMetadata done, TimeSpan elapsed)
{
    Console.WriteLine($"{title}: {done.Name} {done.InstanceId} {done.RuntimeStatus} in {elapsed.TotalMilliseconds:F0} ms");
    Console.WriteLine($"  returned {done.SerializedOutput ?? done.FailureDetails?.ToString()}");
    Console.WriteLine();
}
