using Gtm.Durable.Samples;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gtm.Durable.Tests.Support;

/// <summary>A worker and a client on one task hub, in this process, for one test.</summary>
public sealed class TestHub : IAsyncDisposable
{
    private readonly IHost host;

    private TestHub(IHost host)
    {
        this.host = host;
        Client = host.Services.GetRequiredService<DurableTaskClient>();
    }

    public DurableTaskClient Client { get; }

    public IServiceProvider Services => host.Services;

    /// <summary>Set on the hub disposed last when several share one storage hub: it deletes that storage.</summary>
    public bool DeletesStorageOnDispose { get; set; }

    public static async Task<TestHub> StartAsync(
        Action<DurableTaskBuilder> useBackend,
        Action<DurableTaskOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        bool runWorker = true)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        DurableTaskBuilder durable = builder.Services
            .AddDurableTask(runWorker: runWorker)
            .AddTasks(registry => registry
                .AddAllFrom(typeof(HelloSequence).Assembly)
                .AddAllFrom(typeof(TestHub).Assembly)
                .AddAllFrom(typeof(TestWorker.CrashChain).Assembly));
        builder.Services.Configure<DurableTaskOptions>(o =>
        {
            o.MaxConcurrentActivityFunctions = 32;
            o.MaxConcurrentOrchestratorFunctions = 32;
            configure?.Invoke(o);
        });
        useBackend(durable);
        services?.Invoke(builder.Services);
        IHost host = builder.Build();
        await host.StartAsync();
        return new TestHub(host);
    }

    public async Task<OrchestrationMetadata> RunAsync(string orchestrator, object? input = null, string? instanceId = null, TimeSpan? timeout = null)
    {
        string id = await Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(instanceId));
        return await WaitAsync(id, timeout);
    }

    public async Task<OrchestrationMetadata> WaitAsync(string instanceId, TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cancellation.Token);
    }

    /// <summary>Polls until <paramref name="condition"/> holds, or fails the test after <paramref name="timeout"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, string? because = null)
    {
        DateTime deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting: {because ?? "condition"}");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        var azure = DeletesStorageOnDispose ? host.Services.GetService<Gtm.Durable.AzureStorage.AzureStorageOrchestrationService>() : null;
        await ((IAsyncDisposable)host).DisposeAsync();
        if (azure is not null)
        {
            await azure.DeleteAsync(CancellationToken.None);
        }
    }
}
