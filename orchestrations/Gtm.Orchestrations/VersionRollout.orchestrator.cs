using Gtm.Activities.Launch;
using Gtm.Activities.Monitoring;
using Gtm.Activities.Rollback;
using Gtm.Activities.Rollout;
using Gtm.Activities.Storage;
using Gtm.Channels;
using Gtm.Domain.Content;
using Gtm.Domain.Planning;
using Gtm.Domain.Ventures;
using Gtm.Domain.Workflows;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.Orchestrations;

/// <param name="Trigger">GTM-001 or GTM-003 from a recursion, or "operator" for the LEAD operator's rollout.</param>
/// <param name="Steps">The candidate's audience share at each step; the last must be 1.</param>
/// <param name="StepHours">Market hours each step runs before its guardrails are read.</param>
/// <param name="TimeScale">Market seconds per wall second (<c>Gtm:TimeScale</c>), given by the caller so replays see the same timers.</param>
public sealed record RolloutInput(string VentureId, string Trigger, string Reason, string RequestedBy, IReadOnlyList<double>? Steps = null, double StepHours = 12, double TimeScale = 1);

/// <param name="Outcome">promoted, rolled_back, inconclusive (the current content kept), refused (another rollout runs) or failed.</param>
public sealed record RolloutResult(string Outcome, int? Version, int? Generation, IReadOnlyList<string> Steps, RollbackResult? Rollback, string Reason);

/// <summary>
/// A new version, safely (SPEC C6): regenerates the content the trigger names (17.2), rebuilds and
/// tests the nurture workflows for GTM-003 (17.3), commits the version, then ramps the new content
/// in steps (10, 25, 50, 100 % by default) beside the current one. After each step's durable timer
/// the four metrics of the new content are its guardrails: a breach rolls back to the last known
/// good at once; too little data waits one more step's time and moves on (the last step waits up
/// to two and then keeps the current content); passing the last step promotes it to the whole audience.
/// </summary>
public sealed class VersionRollout : TaskOrchestrator<RolloutInput, RolloutResult>
{
    [Function(nameof(VersionRollout))]
    public static Task<RolloutResult> Run([OrchestrationTrigger] TaskOrchestrationContext context) => new VersionRollout().RunAsync(context, context.GetInput<RolloutInput>()!);

    public static readonly IReadOnlyList<double> DefaultSteps = [0.10, 0.25, 0.50, 1.0];
    private const int ExtraWaits = 2;
    private static readonly TaskOptions Retry = ActivityRetry.Standard;

    public override async Task<RolloutResult> RunAsync(TaskOrchestrationContext context, RolloutInput input)
    {
        string venture = input.VentureId;
        RolloutStart? start = await context.CallActivityAsync<RolloutStart?>(nameof(BeginRollout), new BeginRolloutInput(venture, context.InstanceId), Retry);
        if (start is null)
        {
            return new RolloutResult("refused", null, null, [], null, "another rollout of this venture is under way");
        }

        int generation = start.CurrentGeneration + 1;
        var steps = new List<string>();
        try
        {
            context.SetCustomStatus(new { step = "regenerate", venture, generation });
            CampaignContent[] contents = await Task.WhenAll(start.Campaigns.Select(c => context.CallActivityAsync<CampaignContent>(
                nameof(RegenerateContent), new RegenerateInput(venture, c.CampaignId, input.Trigger, start.CurrentGeneration, generation), Retry)));
            CommittedContent committed = await context.CallActivityAsync<CommittedContent>(nameof(CommitContentVersion), new CommitContentInput(
                venture, $"{context.InstanceId}:commit", start.ConfigVersion, generation, input.RequestedBy, $"{input.Trigger}: {input.Reason}"), Retry);
            if (input.Trigger == "GTM-003" && await NurtureProblemsAsync(context, committed, contents) is { } problem)
            {
                await EndAsync(context, venture, start, start.CurrentGeneration, null);
                return new RolloutResult("failed", committed.Version, generation, steps, null, problem);
            }

            IReadOnlyList<CampaignReading> atStart = await ReadAsync(context, start.Campaigns);
            DateTime began = context.CurrentUtcDateTime;
            IReadOnlyList<double> ramp = input.Steps ?? DefaultSteps;
            foreach (double share in ramp)
            {
                context.SetCustomStatus(new { step = $"ramp {share:P0}", venture, generation });
                await SplitAsync(context, start, new CreativeSplit(start.CurrentGeneration, generation, share));

                // Small early steps may not yet show enough to judge: they move on unless harm shows; the last step must be judged.
                bool last = share == ramp[^1];
                GuardrailResult guardrail = new("insufficient_data", "not read yet");
                for (int wait = 0; wait <= (last ? ExtraWaits : 1) && guardrail.Outcome == "insufficient_data"; wait++)
                {
                    await context.CreateTimer(context.CurrentUtcDateTime.AddHours(input.StepHours / input.TimeScale), CancellationToken.None);
                    guardrail = await context.CallActivityAsync<GuardrailResult>(nameof(CheckGuardrails), new GuardrailInput(
                        venture, share, context.CurrentUtcDateTime - began, atStart, await ReadAsync(context, start.Campaigns)), Retry);
                }

                steps.Add($"{share:P0}: {guardrail.Outcome}: {guardrail.Reason}");
                await Record(context, venture, "rollout_step", $"{share:P0} of the audience on generation {generation}", $"{guardrail.Outcome}: {guardrail.Reason}");
                if (guardrail.Outcome == "breach")
                {
                    RollbackResult rollback = await context.CallSubOrchestratorAsync<RollbackResult>(nameof(RollbackSaga), new RollbackInput(
                        venture, start.Campaigns, $"guardrail breach at {share:P0} of the audience: {guardrail.Reason}", "rollout-guardrail", Currency: start.Currency),
                        new SubOrchestrationOptions { InstanceId = $"{context.InstanceId}:rollback" });
                    await Record(context, venture, "rollback", guardrail.Reason, rollback.Completed ? $"restored v{rollback.RestoredVersion}" : "rollback_failed");
                    return new RolloutResult("rolled_back", committed.Version, generation, steps, rollback, guardrail.Reason);
                }

                if (last && guardrail.Outcome == "insufficient_data")
                {
                    await EndAsync(context, venture, start, start.CurrentGeneration, null);
                    return new RolloutResult("inconclusive", committed.Version, generation, steps, null, guardrail.Reason);
                }
            }

            await EndAsync(context, venture, start, generation, committed.Version);
            await Record(context, venture, "rollout_promoted", $"{input.Trigger}: {input.Reason}", $"v{committed.Version} (content generation {generation}) on the whole audience");
            return new RolloutResult("promoted", committed.Version, generation, steps, null, "every guardrail held");
        }
        catch (TaskFailedException ex)
        {
            // Keep what runs now, and free the venture for the next rollout.
            await EndAsync(context, venture, start, start.CurrentGeneration, null);
            return new RolloutResult("failed", null, generation, steps, null, ex.FailureDetails.ErrorMessage);
        }
    }

    private static async Task<string?> NurtureProblemsAsync(TaskOrchestrationContext context, CommittedContent committed, CampaignContent[] contents)
    {
        GtmConfigDocument config = System.Text.Json.JsonSerializer.Deserialize<GtmConfigDocument>(committed.ConfigJson, ContractJson.Options)!;
        IReadOnlyList<AutomationWorkflow> workflows = await context.CallActivityAsync<IReadOnlyList<AutomationWorkflow>>(nameof(BuildAutomationWorkflows),
            new BuildWorkflowsInput(config, [.. contents.Select(c => c.Id)], [.. contents.Select(c => c.Channel)], "Europe/Berlin"), Retry);
        IReadOnlyList<WorkflowTestReport> tests = await context.CallActivityAsync<IReadOnlyList<WorkflowTestReport>>(nameof(TestAutomationWorkflows), workflows, Retry);
        return tests.FirstOrDefault(t => !t.Passed) is { } failed ? $"nurture workflow {failed.WorkflowId} failed its test: {string.Join("; ", failed.Problems)}" : null;
    }

    private static async Task<IReadOnlyList<CampaignReading>> ReadAsync(TaskOrchestrationContext context, IReadOnlyList<LaunchedCampaign> campaigns) =>
        await Task.WhenAll(campaigns.Select(c => context.CallActivityAsync<CampaignReading>(nameof(ReadCampaignMetrics), c, Retry)));

    private static Task<PlatformCampaign[]> SplitAsync(TaskOrchestrationContext context, RolloutStart start, CreativeSplit split) =>
        Task.WhenAll(start.Campaigns.Select(c => context.CallActivityAsync<PlatformCampaign>(nameof(SetCampaignCreatives), new CreativeChange(c.Channel, c.PlatformCampaignId, split), Retry)));

    /// <summary>Serves one generation alone and frees the venture; a promoted version becomes the live one.</summary>
    private static async Task EndAsync(TaskOrchestrationContext context, string venture, RolloutStart start, int generation, int? version)
    {
        await SplitAsync(context, start, new CreativeSplit(generation));
        await context.CallActivityAsync<bool>(nameof(UpdateMonitoring), new MonitoringChange(venture, ConfigVersion: version, ContentGeneration: generation, ClearRollout: true), Retry);
    }

    private static Task<bool> Record(TaskOrchestrationContext context, string venture, string kind, string reason, string outcome) =>
        context.CallActivityAsync<bool>(nameof(RecordIntervention), new Intervention(venture, context.CurrentUtcDateTime, kind, null, reason, outcome, $"{context.InstanceId}:{kind}:{context.NewGuid()}"), Retry);
}
