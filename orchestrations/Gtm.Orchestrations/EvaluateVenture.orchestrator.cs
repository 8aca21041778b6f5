using System.Text.Json;
using Gtm.Activities.Launch;
using Gtm.Activities.Monitoring;
using Gtm.Activities.Rollback;
using Gtm.Activities.Storage;
using Gtm.Channels;
using Gtm.Domain.Budgeting;
using Gtm.Domain.Monitoring;
using Gtm.Domain.Ventures;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.Orchestrations;

/// <param name="Slot">The due time this evaluation is for; with the venture it makes the instance id.</param>
/// <param name="TimeScale">Market seconds per wall second (<c>Gtm:TimeScale</c>), for the rollouts it may start.</param>
public sealed record EvaluationInput(string VentureId, DateTimeOffset Slot, double TimeScale = 1)
{
    /// <summary>One evaluation per venture and slot, whichever host or timer run asks for it.</summary>
    public string InstanceId => $"{InstancePrefix(VentureId)}{Slot.UtcDateTime:yyyyMMddTHHmmssfff}";

    /// <summary>What every evaluation of the venture's instance id starts with.</summary>
    public static string InstancePrefix(string ventureId) => $"eval-{ventureId}-";
}

/// <param name="Action">none, recurse, rollback, rollback_and_escalate, or skipped (not monitored or paused).</param>
public sealed record EvaluationResult(string VentureId, DateTimeOffset Slot, string Action, IReadOnlyList<string> Triggers, string Reason, int? BudgetVersion, RollbackResult? Rollback, RolloutResult? Rollout);

/// <summary>
/// One venture at one slot (SPEC C5 to C7): reads every campaign's metrics in parallel, records
/// the snapshot and the decisions (<see cref="JudgeVenture"/>), moves the schedule on, then acts on
/// the verdict: a rollback saga (and for spent recursion, an escalation to the LEAD operator that
/// pauses monitoring), the recursions the triggers name (GTM-002 and GTM-004 re-run the budget
/// allocator, GTM-001 and GTM-003 roll out regenerated content), or else the routine re-run of
/// the allocator.
/// </summary>
public sealed class EvaluateVenture : TaskOrchestrator<EvaluationInput, EvaluationResult>
{
    [Function(nameof(EvaluateVenture))]
    public static Task<EvaluationResult> Run([OrchestrationTrigger] TaskOrchestrationContext context) => new EvaluateVenture().RunAsync(context, context.GetInput<EvaluationInput>()!);

    private static readonly TaskOptions Retry = ActivityRetry.Standard;

    public override async Task<EvaluationResult> RunAsync(TaskOrchestrationContext context, EvaluationInput input)
    {
        string id = input.VentureId;
        MonitoredVenture? venture = await context.CallActivityAsync<MonitoredVenture?>(nameof(GetMonitoredVenture), id, Retry);
        if (venture is null || venture.Paused)
        {
            return new EvaluationResult(id, input.Slot, "skipped", [], venture is null ? "not monitored" : "monitoring paused", null, null, null);
        }

        List<LaunchedCampaign> campaigns = JsonSerializer.Deserialize<List<LaunchedCampaign>>(venture.CampaignsJson, ContractJson.Options)!;
        context.SetCustomStatus(new { step = "read_metrics", venture = id });
        CampaignReading[] readings = await Task.WhenAll(campaigns.Select(c => context.CallActivityAsync<CampaignReading>(nameof(ReadCampaignMetrics), c, Retry)));
        Judgement judgement = await context.CallActivityAsync<Judgement>(nameof(JudgeVenture), new JudgeInput(id, input.Slot, readings), Retry);
        await context.CallActivityAsync<bool>(nameof(UpdateMonitoring), new MonitoringChange(id, AdvancePast: input.Slot), Retry);

        Verdict verdict = judgement.Evaluation.Verdict;
        context.SetCustomStatus(new { step = verdict.Action.ToString(), venture = id, verdict.Triggers });
        return verdict.Action switch
        {
            DecisionAction.Rollback or DecisionAction.RollbackAndEscalate => await RollBackAsync(context, input, venture, campaigns, verdict),
            DecisionAction.Recurse => await RecurseAsync(context, input, judgement, campaigns, verdict),
            _ => new EvaluationResult(id, input.Slot, "none", [], verdict.Reason, venture.Rollout is null ? await AllocateAsync(context, input, judgement, AllocationObjective.Value, leads: false, force: false, "routine re-allocation (C7)") : null, null, null),
        };
    }

    private static async Task<EvaluationResult> RollBackAsync(TaskOrchestrationContext context, EvaluationInput input, MonitoredVenture venture, List<LaunchedCampaign> campaigns, Verdict verdict)
    {
        bool escalate = verdict.Action == DecisionAction.RollbackAndEscalate;
        RollbackResult rollback = await context.CallSubOrchestratorAsync<RollbackResult>(nameof(RollbackSaga),
            new RollbackInput(input.VentureId, campaigns, verdict.Reason, "monitor", Currency: venture.Currency), new SubOrchestrationOptions { InstanceId = $"{context.InstanceId}:rollback" });
        await Record(context, input, "rollback", null, verdict.Reason, rollback.Completed ? $"restored v{rollback.RestoredVersion}" : $"rollback_failed: {string.Join("; ", rollback.Problems)}");
        if (escalate)
        {
            // Recursion could not fix it: a person decides what happens next; monitoring waits for them.
            await context.CallActivityAsync<bool>(nameof(SetVentureState), new VentureState(input.VentureId, "escalated", $"escalated to LEAD: {verdict.Reason}"), Retry);
            await context.CallActivityAsync<bool>(nameof(UpdateMonitoring), new MonitoringChange(input.VentureId, Paused: true), Retry);
            await Record(context, input, "escalation", null, verdict.Reason, "monitoring paused until the LEAD operator resumes it");
        }

        return new EvaluationResult(input.VentureId, input.Slot, escalate ? "rollback_and_escalate" : "rollback", [], verdict.Reason, null, rollback, null);
    }

    private static async Task<EvaluationResult> RecurseAsync(TaskOrchestrationContext context, EvaluationInput input, Judgement judgement, List<LaunchedCampaign> campaigns, Verdict verdict)
    {
        foreach (string trigger in verdict.Triggers)
        {
            Decision decision = judgement.Evaluation.Decisions.First(d => d.Trigger == trigger);
            await Record(context, input, "recursion", trigger, decision.Reason, null);
        }

        int? budgetVersion = null;
        if (verdict.Triggers.Contains("GTM-002") || verdict.Triggers.Contains("GTM-004"))
        {
            // GTM-002 buys leads, GTM-004 buys return on spend: the allocator's objective follows the trigger.
            bool leads = !verdict.Triggers.Contains("GTM-004");
            budgetVersion = await AllocateAsync(context, input, judgement, leads ? AllocationObjective.Conversions : AllocationObjective.Value, leads, force: true, string.Join(", ", verdict.Triggers.Where(t => t is "GTM-002" or "GTM-004")) + ": " + verdict.Reason);
        }

        RolloutResult? rollout = null;
        if (verdict.Triggers.FirstOrDefault(t => t is "GTM-001" or "GTM-003") is { } contentTrigger)
        {
            // GTM-001 regenerates all content; GTM-003 the offer and call to action (and rebuilds the nurture workflows).
            string trigger = verdict.Triggers.Contains("GTM-001") ? "GTM-001" : contentTrigger;
            rollout = await context.CallSubOrchestratorAsync<RolloutResult>(nameof(VersionRollout),
                new RolloutInput(input.VentureId, trigger, verdict.Reason, $"recursion {trigger}", TimeScale: input.TimeScale), new SubOrchestrationOptions { InstanceId = $"{context.InstanceId}:rollout" });
        }

        return new EvaluationResult(input.VentureId, input.Slot, "recurse", verdict.Triggers, verdict.Reason, budgetVersion, null, rollout);
    }

    /// <summary>C7 on the last day's evidence; the campaigns get their new budgets when the split changed.</summary>
    private static async Task<int?> AllocateAsync(TaskOrchestrationContext context, EvaluationInput input, Judgement judgement, AllocationObjective objective, bool leads, bool force, string reason)
    {
        BudgetPlan? plan = await context.CallActivityAsync<BudgetPlan?>(nameof(AllocateBudget),
            new AllocateInput(input.VentureId, $"{context.InstanceId}:allocate", judgement.Evidence(leads), objective, force, reason), Retry);
        if (plan is null)
        {
            return null;
        }

        await context.CallActivityAsync<IReadOnlyList<PlatformCampaign>>(nameof(ApplyCampaignStates), plan.Changes, Retry);
        await Record(context, input, "budget", null, reason, string.Join(", ", plan.Shares.Select(s => $"{s.Channel} {s.Share:P0}")) + $" (v{plan.Version})");
        return plan.Version;
    }

    private static Task<bool> Record(TaskOrchestrationContext context, EvaluationInput input, string kind, string? trigger, string reason, string? outcome) =>
        context.CallActivityAsync<bool>(nameof(RecordIntervention), new Intervention(input.VentureId, context.CurrentUtcDateTime, kind, trigger, reason, outcome, $"{context.InstanceId}:{kind}:{trigger}"), Retry);
}
