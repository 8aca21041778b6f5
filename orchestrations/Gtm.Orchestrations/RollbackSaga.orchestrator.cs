using Gtm.Activities.Launch;
using Gtm.Activities.Monitoring;
using Gtm.Activities.Rollback;
using Gtm.Channels;
using Gtm.Domain.Planning;
using Gtm.Domain.Ventures;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using System.Text.Json;

namespace Gtm.Orchestrations;

/// <param name="Drill">The exit gate's rollback test: stop and verify, but restore nothing and leave the venture's state alone.</param>
/// <param name="TargetVersion">A manual rollback may name the version to restore; otherwise the last known good.</param>
public sealed record RollbackInput(string VentureId, IReadOnlyList<LaunchedCampaign> Campaigns, string Reason, string RequestedBy, bool Drill = false, int? TargetVersion = null, string Currency = "EUR");

public sealed record RollbackResult(bool Completed, bool Verified, double SpendStoppedMs, double TotalMs, int? RestoredVersion, IReadOnlyList<string> Problems);

/// <summary>
/// C6 rollback saga, in the order SPEC gives: stop ad spend first (pause and zero every campaign, in
/// parallel, retried with backoff), pause automation workflows and stop running A/B tests
/// (<see cref="StopAbTests"/>), restore the configuration as a new
/// version, re-activate what that version says, and verify every campaign against it. Spend stays
/// stopped whatever fails later; a rollback that cannot finish ends rollback_failed.
/// </summary>
public sealed class RollbackSaga : TaskOrchestrator<RollbackInput, RollbackResult>
{
    [Function(nameof(RollbackSaga))]
    public static Task<RollbackResult> Run([OrchestrationTrigger] TaskOrchestrationContext context) => new RollbackSaga().RunAsync(context, context.GetInput<RollbackInput>()!);

    private static readonly TaskOptions StopRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(8, TimeSpan.FromMilliseconds(100), 2, TimeSpan.FromSeconds(10)));
    private static readonly TaskOptions Retry = ActivityRetry.Standard;

    public override async Task<RollbackResult> RunAsync(TaskOrchestrationContext context, RollbackInput input)
    {
        DateTime started = context.CurrentUtcDateTime;
        var problems = new List<string>();
        await Step(context, problems, "stop_spend", async () => problems.AddRange(
            (await context.CallActivityAsync<SpendStops>(nameof(StopSpend), input.Campaigns, StopRetry)).Problems));

        double spendStoppedMs = (context.CurrentUtcDateTime - started).TotalMilliseconds;
        RestoredVersion? restored = null;
        if (!input.Drill)
        {
            await Step(context, problems, "pause_workflows", () => context.CallActivityAsync<bool>(nameof(SetVentureState), new VentureState(input.VentureId, "rolling_back", $"workflows paused: {input.Reason}"), Retry));
            await Step(context, problems, "stop_ab_tests", () => context.CallActivityAsync<int>(nameof(StopAbTests), new StopAbTestsInput(input.VentureId, input.Reason), Retry));
            await Step(context, problems, "restore_version", async () => restored = await context.CallActivityAsync<RestoredVersion?>(
                nameof(RestoreConfigVersion), new RestoreInput(input.VentureId, $"{context.InstanceId}:restore", input.Reason, input.RequestedBy, input.TargetVersion), Retry));
            if (restored is not null)
            {
                // Monitoring judges the restored version from now on, and any rollout under way has ended.
                await Step(context, problems, "monitoring", () => context.CallActivityAsync<bool>(nameof(UpdateMonitoring), new MonitoringChange(
                    input.VentureId, ConfigVersion: restored.Version, ContentGeneration: restored.ContentGeneration, ClearRollout: true), Retry));
            }
        }

        bool reactivate = restored is not null && problems.Count == 0;
        if (reactivate)
        {
            await Step(context, problems, "reactivate", () => context.CallActivityAsync<IReadOnlyList<PlatformCampaign>>(
                nameof(ApplyCampaignStates), Reactivations(input, restored!).ToList(), Retry));
            if (problems.Count > 0)
            {
                // Half re-activated is worse than stopped: stop everything again and leave it to the LEAD operator.
                reactivate = false;
                await Step(context, problems, "stop_spend_again", async () => problems.AddRange(
                    (await context.CallActivityAsync<SpendStops>(nameof(StopSpend), input.Campaigns, StopRetry)).Problems));
            }
        }

        ChannelCheck? check = null;
        await Step(context, problems, "verify", async () => check = await context.CallActivityAsync<ChannelCheck>(nameof(VerifyChannelState), new VerifyInput(input.Campaigns, reactivate, reactivate ? restored!.ContentGeneration : null), Retry));
        problems.AddRange(check?.Mismatches ?? []);
        bool completed = problems.Count == 0;
        if (!input.Drill)
        {
            string state = completed ? "rolled_back" : "rollback_failed";
            await context.CallActivityAsync<bool>(nameof(SetVentureState), new VentureState(input.VentureId, state, completed ? input.Reason : string.Join("; ", problems)), Retry);
        }

        return new RollbackResult(completed, check?.Matches == true, spendStoppedMs, (context.CurrentUtcDateTime - started).TotalMilliseconds, restored?.Version, problems);
    }

    /// <summary>Each campaign back to its channel's budget in the restored version, shared among that channel's campaigns, serving that version's content alone.</summary>
    private static IEnumerable<CampaignChange> Reactivations(RollbackInput input, RestoredVersion restored)
    {
        GtmConfigDocument config = JsonSerializer.Deserialize<GtmConfigDocument>(restored.ConfigJson, ContractJson.Options)!;
        foreach (IGrouping<string, LaunchedCampaign> channel in input.Campaigns.GroupBy(c => c.Channel))
        {
            decimal budget = config.DailyBudgetPerCampaign(channel.Key, channel.Count());
            foreach (LaunchedCampaign campaign in channel)
            {
                yield return new CampaignChange(campaign.Channel, campaign.PlatformCampaignId, budget, config.Currency, budget > 0, new CreativeSplit(restored.ContentGeneration));
            }
        }
    }

    private static async Task Step(TaskOrchestrationContext context, List<string> problems, string name, Func<Task> step)
    {
        context.SetCustomStatus(new { step = name });
        try
        {
            await step();
        }
        catch (TaskFailedException ex)
        {
            problems.Add($"{name} failed: {ex.FailureDetails.ErrorMessage}");
        }
    }
}
