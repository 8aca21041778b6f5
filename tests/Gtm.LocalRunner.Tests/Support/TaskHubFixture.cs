using System.Text.Json.Nodes;
using DurableTask.Core;
using Gtm.LocalRunner.Durable;
using Gtm.LocalRunner.Tests.Durable;
using Gtm.Testing;
using Gtm.Testing.Durable;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Gtm.LocalRunner.Tests.Support;

/// <summary>
/// The runner with the pattern functions on one task hub, started once per test class and shared
/// by its tests (instance ids keep them apart): in memory, or on Azure Storage with a hub of its own.
/// </summary>
public abstract class TaskHubFixture : IAsyncLifetime
{
    public EmbeddedRunner Runner { get; private set; } = null!;

    public DurableTaskClient Client => Runner.Service<DurableTaskClient>();

    protected abstract Task<Dictionary<string, string?>> SettingsAsync();

    protected virtual void Configure(WebApplicationBuilder builder)
    {
    }

    public static JsonObject HostJson(string hub) => JsonNode.Parse($$"""
        {
          "version": "2.0",
          "logging": { "logLevel": { "default": "Warning", "DurableTask": "Error" } },
          "extensions": {
            "durableTask": {
              "hubName": "{{hub}}",
              "maxConcurrentActivityFunctions": 32,
              "maxConcurrentOrchestratorFunctions": 32,
              "extendedSessionsEnabled": true,
              "storageProvider": { "partitionCount": 2, "maxQueuePollingInterval": "00:00:00.100" }
            }
          }
        }
        """)!.AsObject();

    public async Task InitializeAsync() => Runner = await EmbeddedRunner.StartAsync(
        new FunctionsApp(typeof(PatternFunctions).Assembly, (_, _) => { }, ScanReferences: false),
        HostJson("t" + Guid.NewGuid().ToString("N")[..20]),
        await SettingsAsync(),
        Configure);

    public virtual async Task DisposeAsync()
    {
        IOrchestrationService service = Runner.Service<IOrchestrationService>();
        await Runner.DisposeAsync();
        await service.DeleteAsync();
    }
}

/// <summary>Durable Task's in-memory orchestration service, timers on the wall clock.</summary>
public sealed class InMemoryTaskHubFixture : TaskHubFixture
{
    protected override Task<Dictionary<string, string?>> SettingsAsync() => Task.FromResult(new Dictionary<string, string?>());

    protected override void Configure(WebApplicationBuilder builder) =>
        builder.Services.AddSingleton<IOrchestrationService>(new VirtualClockOrchestrationService(TimeProvider.System));
}

/// <summary>DurableTask.AzureStorage on Azurite, a task hub of its own.</summary>
public sealed class AzureStorageTaskHubFixture : TaskHubFixture
{
    protected override async Task<Dictionary<string, string?>> SettingsAsync() =>
        new() { ["AzureWebJobsStorage"] = await Azurite.GetConnectionStringAsync() };
}

/// <summary>The in-memory service on a virtual clock that the test moves: weeks of timers in milliseconds.</summary>
public sealed class VirtualClockTaskHubFixture : TaskHubFixture
{
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero));

    public VirtualClockOrchestrationService Hub { get; private set; } = null!;

    protected override Task<Dictionary<string, string?>> SettingsAsync() => Task.FromResult(new Dictionary<string, string?>());

    protected override void Configure(WebApplicationBuilder builder)
    {
        Hub = new VirtualClockOrchestrationService(Time);
        builder.Services.AddSingleton<IOrchestrationService>(Hub);
        builder.Services.AddSingleton<OrchestrationMiddleware>(Hub.Middleware);
    }
}
