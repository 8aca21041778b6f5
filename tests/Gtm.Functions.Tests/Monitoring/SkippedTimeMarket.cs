using System.Text.Json;
using System.Text.Json.Nodes;
using DurableTask.Core;
using Gtm.Activities.Storage;
using Gtm.Functions.Monitoring;
using Gtm.Functions.Tests.Support;
using Gtm.Functions.Tests.Ventures;
using Gtm.LocalRunner.Durable;
using Gtm.Testing;
using Gtm.Testing.Durable;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Gtm.Functions.Tests.Monitoring;

/// <summary>
/// The whole product on the in-memory task hub and a virtual clock (storage and sandboxes on
/// Azurite): the schedule runs every simulated hour, and time jumps as soon as nothing is left to
/// do, so a month of monitoring takes seconds. The monitor's timer function is disabled; the test
/// calls the scheduler it runs, at each simulated hour.
/// </summary>
public sealed class SkippedTimeMarket : IAsyncDisposable
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero));
    private readonly VirtualClockOrchestrationService hub;

    private SkippedTimeMarket() => hub = new VirtualClockOrchestrationService(time);

    public FunctionsHost Host { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public DateTimeOffset Now => time.GetUtcNow();

    public T Service<T>() where T : notnull => Host.Service<T>();

    public static async Task<SkippedTimeMarket> StartAsync()
    {
        var market = new SkippedTimeMarket();
        market.Host = await FunctionsHost.StartAsync(
            values: new Dictionary<string, string?> { ["AzureWebJobs.MonitorSchedule.Disabled"] = "true" },
            services: services => services.UseVirtualClock(market.hub, market.time));
        market.Client = market.Host.CreateClient();
        market.Client.DefaultRequestHeaders.Add("x-functions-key", FunctionsHost.MasterKey);
        return market;
    }

    /// <param name="change">Changes the standard venture's kickoff body before it is sent.</param>
    public async Task<JsonElement> LaunchAsync(string venture, string scenario, Action<JsonObject>? change = null)
    {
        JsonObject body = StandardVenture.Create(venture);
        change?.Invoke(body);
        JsonElement output = await VentureClient.LaunchAsync(Client, body, $"?scenario={scenario}");
        Assert.Equal("launched", output.GetProperty("outcome").GetString());
        return output;
    }

    /// <summary>Runs the market for <paramref name="span"/> of simulated time, the schedule every hour.</summary>
    public Task RunAsync(TimeSpan span)
    {
        var scheduler = Service<MonitoringScheduler>();
        var client = Service<DurableTaskClient>();
        return hub.RunHourlyAsync(time, span, () => scheduler.StartDueAsync(client, CancellationToken.None));
    }

    /// <summary>Runs until <paramref name="done"/> holds, time jumping to each durable timer as soon as nothing else is left to do.</summary>
    public Task RunUntilAsync(Func<Task<bool>> done, TimeSpan maxSimulated) => hub.RunUntilAsync(time, done, maxSimulated);

    public Task<IReadOnlyList<Intervention>> HistoryAsync(string venture) => Service<InterventionStore>().ListAsync(venture, CancellationToken.None);

    public Task<IReadOnlyList<EvaluationRecord>> EvaluationsAsync(string venture) => Service<EvaluationStore>().LatestAsync(venture, 500, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}
