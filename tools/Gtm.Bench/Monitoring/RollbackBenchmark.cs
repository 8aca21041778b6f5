using System.Text.Json;
using Gtm.Activities.Launch;
using Gtm.Activities.Storage;
using Gtm.Bench.Pipeline;
using Gtm.Domain.Ventures;
using Gtm.LocalRunner;
using Gtm.Orchestrations;
using Gtm.Testing;
using Gtm.Tools;
using Microsoft.DurableTask.Client;

namespace Gtm.Bench.Monitoring;

/// <summary>
/// ./gtm bench rollback: 50 automatic rollbacks on Azurite, each started as the evaluation starts
/// one when its decision is rollback, timed from that moment to spend stopped on every channel
/// (every campaign paused with no budget) and to the whole saga verified.
/// </summary>
internal static class RollbackBenchmark
{
    public static async Task RunAsync(string storage)
    {
        await using EmbeddedRunner runner = await ToolRunner.StartProductAsync(storage);
        using HttpClient http = runner.CreateClient();
        var stage = new StageClient(http);
        var client = runner.Service<DurableTaskClient>();
        var ventures = runner.Service<VentureStore>();
        var launched = new List<(string Venture, List<LaunchedCampaign> Campaigns)>();
        for (int n = 0; n < 10; n++)
        {
            string venture = $"rb-{n}";
            await stage.RunAsync(StandardVenture.Create(venture));
            VentureRecord record = (await ventures.GetAsync(venture, CancellationToken.None))!;
            launched.Add((venture, JsonSerializer.Deserialize<List<LaunchedCampaign>>(record.CampaignsJson!, ContractJson.Options)!));
        }

        var stopped = new List<double>();
        var total = new List<double>();
        for (int n = 0; n < 50; n++)
        {
            (string venture, List<LaunchedCampaign> campaigns) = launched[n % launched.Count];
            DateTimeOffset decided = DateTimeOffset.UtcNow;
            string id = await client.ScheduleNewOrchestrationInstanceAsync(nameof(RollbackSaga), new RollbackInput(venture, campaigns, "benchmark breach", "monitor", Currency: "EUR"));
            OrchestrationMetadata done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true);
            RollbackResult result = done.ReadOutputAs<RollbackResult>()!;
            if (!result.Completed || !result.Verified)
            {
                throw new InvalidOperationException($"rollback {id} did not complete: {string.Join("; ", result.Problems)}");
            }

            double queued = Math.Max(0, (done.CreatedAt - decided).TotalMilliseconds);
            stopped.Add(queued + result.SpendStoppedMs);
            total.Add(queued + result.TotalMs);
        }

        Report.Line("rollbacks", stopped.Count);
        Report.Line("spend_stopped_ms_p50", Percentiles.Of(stopped, 50));
        Report.Line("spend_stopped_ms_p95", Percentiles.Of(stopped, 95));
        Report.Line("rollback_total_ms_p50", Percentiles.Of(total, 50));
        Report.Line("rollback_total_ms_p95", Percentiles.Of(total, 95));
    }
}
