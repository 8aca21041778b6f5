using System.Text.Json.Nodes;
using DurableTask.Core;
using Gtm.LocalRunner;
using Gtm.LocalRunner.Catalog;
using Gtm.Testing.Durable;
using Gtm.Tools;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Gtm.Bench.Engine;

/// <summary>
/// The local runner with the benchmark's durable functions on a fresh task hub: DurableTask.AzureStorage
/// with the given <c>extensions.durableTask</c> settings, or Durable Task's in-memory service.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private static readonly FunctionsApp App = new(typeof(BenchFunctions).Assembly, (_, _) => { });

    private readonly EmbeddedRunner runner;

    private BenchHost(EmbeddedRunner runner) => this.runner = runner;

    public DurableTaskClient Client => runner.Service<DurableTaskClient>();

    /// <param name="durableTask">host.json's <c>extensions.durableTask</c> for Azure Storage; null for the in-memory service.</param>
    public static async Task<BenchHost> StartAsync(string storage, JsonObject? durableTask)
    {
        JsonObject hostJson = ToolRunner.HostJson();
        hostJson["extensions"]!["durableTask"] = durableTask?.DeepClone() ?? new JsonObject();
        EmbeddedRunner runner = await ToolRunner.StartAsync(App, hostJson, storage, ProductFunctionsOff(), builder =>
        {
            if (durableTask is null)
            {
                builder.Services.AddSingleton<IOrchestrationService>(new VirtualClockOrchestrationService(TimeProvider.System));
            }
        });
        return new BenchHost(runner);
    }

    /// <summary>Starts an orchestration and waits for it; a failure stops the benchmark rather than skew it.</summary>
    public async Task<OrchestrationMetadata> RunAsync(string name, int input, CancellationToken cancellation) =>
        await WaitAsync(await Client.ScheduleNewOrchestrationInstanceAsync(name, input, cancellation), cancellation);

    public async Task<OrchestrationMetadata> WaitAsync(string id, CancellationToken cancellation)
    {
        OrchestrationMetadata done = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancellation);
        return done.RuntimeStatus == OrchestrationRuntimeStatus.Completed
            ? done
            : throw new InvalidOperationException($"{done.Name} {id} ended {done.RuntimeStatus}: {done.FailureDetails}");
    }

    /// <summary>Stops the runner and deletes the hub, so that the next measurement starts on empty storage.</summary>
    public async ValueTask DisposeAsync()
    {
        IOrchestrationService service = runner.Service<IOrchestrationService>();
        await runner.DisposeAsync();
        await service.DeleteAsync();
    }

    /// <summary>
    /// The bench assembly references the product (for the pipeline benchmarks), and the runner indexes
    /// referenced assemblies as the Functions Sdk does: the product's functions are switched off here.
    /// </summary>
    private static Dictionary<string, string?> ProductFunctionsOff() =>
        FunctionCatalog.ForApp(ToolRunner.Product.Assembly).Functions.ToDictionary(f => $"AzureWebJobs.{f.Name}.Disabled", _ => (string?)"true");
}
