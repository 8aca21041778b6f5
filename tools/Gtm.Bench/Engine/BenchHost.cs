using Gtm.Durable;
using Gtm.Durable.Samples;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gtm.Bench.Engine;

/// <summary>A worker and client with host.json's settings, on a fresh hub of the chosen backend.</summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private readonly IHost host;

    private BenchHost(IHost host) => this.host = host;

    public DurableTaskClient Client => host.Services.GetRequiredService<DurableTaskClient>();

    public static async Task<BenchHost> StartAsync(string? azureStorage)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "host.json"));
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        DurableTaskBuilder durable = builder.Services
            .AddDurableTask(builder.Configuration.GetSection(DurableTaskOptions.SectionPath))
            .AddTasks(tasks => tasks.AddAllFrom(typeof(Sequence).Assembly).AddAllFrom(typeof(FanOutFanIn).Assembly));
        builder.Services.Configure<DurableTaskOptions>(o => o.HubName = $"bench{Guid.NewGuid():N}"[..20]);
        if (azureStorage is null)
        {
            durable.UseInMemory();
        }
        else
        {
            durable.UseAzureStorage(azureStorage);
        }

        IHost host = builder.Build();
        await host.StartAsync();
        return new BenchHost(host);
    }

    /// <summary>Starts an orchestration and waits for it; a failure stops the benchmark rather than skew it.</summary>
    public async Task<OrchestrationMetadata> RunAsync(string name, object input, CancellationToken cancellation)
    {
        string id = await Client.ScheduleNewOrchestrationInstanceAsync(name, input, cancellation: cancellation);
        return await WaitAsync(id, cancellation);
    }

    public async Task<OrchestrationMetadata> WaitAsync(string id, CancellationToken cancellation)
    {
        OrchestrationMetadata done = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancellation);
        if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"{done.Name} {id} ended {done.RuntimeStatus}: {done.FailureDetails}");
        }

        return done;
    }

    /// <summary>Stops the host and deletes the hub, so that the next measurement starts on empty storage.</summary>
    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        var azure = host.Services.GetService<Gtm.Durable.AzureStorage.AzureStorageOrchestrationService>();
        await ((IAsyncDisposable)host).DisposeAsync();
        if (azure is not null)
        {
            await azure.DeleteAsync(CancellationToken.None);
        }
    }
}
