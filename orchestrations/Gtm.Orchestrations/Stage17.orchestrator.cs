using Gtm.Activities.Content;
using Gtm.Activities.Handoff;
using Gtm.Activities.Launch;
using Gtm.Activities.Monitoring;
using Gtm.Activities.Rollback;
using Gtm.Activities.Strategy;
using Gtm.Channels;
using Gtm.Domain.Content;
using Gtm.Domain.Experiments;
using Gtm.Domain.Planning;
using Gtm.Domain.Review;
using Gtm.Domain.Ventures;
using Gtm.Domain.Workflows;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.Orchestrations;

/// <param name="RequestedBy">Who asks for the stage; a person named here authors the content and may not approve it.</param>
/// <param name="Scenario">The sandbox market scenario the campaigns run in (healthy unless a demo or test says otherwise).</param>
/// <param name="Validation">The customer validation gate of 17.2, when the venture asks for one.</param>
/// <param name="Pilot">The A/B pilot the exit gate starts (null: the default share and window).</param>
public sealed record Stage17Input(VentureInputs Inputs, string RequestedBy = "stage16", int VariantsPerElement = 3, string Scenario = "healthy", string Timezone = "Europe/Berlin", CustomerValidation? Validation = null, AbPilot? Pilot = null);

/// <summary>What the stage did: per-substage durations, the version, campaigns, variants, the handoff and the A/B pilots, or the rollback.</summary>
public sealed record Stage17Result(
    string VentureId,
    string Outcome,
    int? ConfigVersion,
    IReadOnlyDictionary<string, double> SubstageMs,
    IReadOnlyList<LaunchedCampaign> Campaigns,
    int Variants,
    string? HandoffMessageId,
    RollbackResult? Rollback,
    string? Error,
    IReadOnlyList<LaunchPilot>? Pilots = null);

/// <summary>The custom status while the stage runs: the substage, as the status endpoint shows it.</summary>
public sealed record Stage17Status(string Substage, string VentureId);

/// <summary>
/// Stage 17 end to end: 17.1 plans the configuration, 17.2 generates every campaign's content in
/// parallel, 17.3 builds the workflows, provisions the campaigns paused, tests the workflows on
/// synthetic contacts and the rollback on the sandbox (the exit gate), commits the version,
/// activates, enrols the venture in monitoring and hands off to Stage 18. A failure after anything was provisioned runs the
/// rollback saga over what was provisioned.
/// </summary>
public sealed class Stage17 : TaskOrchestrator<Stage17Input, Stage17Result>
{
    [Function(nameof(Stage17))]
    public static Task<Stage17Result> Run([OrchestrationTrigger] TaskOrchestrationContext context) => new Stage17().RunAsync(context, context.GetInput<Stage17Input>()!);

    private static readonly TaskOptions Retry = ActivityRetry.Standard;

    public override async Task<Stage17Result> RunAsync(TaskOrchestrationContext context, Stage17Input input)
    {
        MarketStrategy strategy = input.Inputs.MarketStrategy;
        string venture = strategy.VentureId;
        var durations = new Dictionary<string, double>();
        DateTime mark = context.CurrentUtcDateTime;
        void Done(string substage)
        {
            durations[substage] = (context.CurrentUtcDateTime - mark).TotalMilliseconds;
            mark = context.CurrentUtcDateTime;
        }

        context.SetCustomStatus(new Stage17Status("17.1", venture));
        await context.CallActivityAsync<bool>(nameof(SetVentureState), new VentureState(venture, "17.1", null, strategy.VentureName, strategy.SegmentType), Retry);
        GtmConfigDocument config = await context.CallActivityAsync<GtmConfigDocument>(nameof(PlanGtmConfig), input.Inputs, Retry);
        Done("17.1");

        await Enter(context, venture, "17.2");
        HashSet<string> enabled = [.. input.Inputs.MarketingChannels.Where(c => c.Enabled).Select(c => c.Kind)];
        ContentRequest[] requests = [.. input.Inputs.CustomerSegments
            .SelectMany(segment => segment.PreferredChannels.Where(enabled.Contains).Select(channel => new ContentRequest(strategy, segment, channel, input.VariantsPerElement)))];
        CampaignContent[] contents = await Task.WhenAll(requests.Select(request => context.CallActivityAsync<CampaignContent>(nameof(GenerateCampaignContent), request, Retry)));
        if (input.Validation is { } gate)
        {
            // Nothing is provisioned yet: a refusal ends the stage with nothing to undo.
            await Enter(context, venture, "customer_review");
            GateResult review = await context.CallSubOrchestratorAsync<GateResult>(nameof(CustomerValidationGate),
                new GateInput(venture, requests, contents, gate, [input.RequestedBy]), new SubOrchestrationOptions { InstanceId = $"{context.InstanceId}-review" });
            if (!review.Approved)
            {
                await context.CallActivityAsync<bool>(nameof(SetVentureState), new VentureState(venture, "review_refused", review.Outcome), Retry);
                context.SetCustomStatus(new Stage17Status("review_refused", venture));
                return new Stage17Result(venture, "review_refused", null, durations, [], 0, null, null, review.Outcome);
            }

            contents = [.. review.Contents];
        }

        int variants = contents.Sum(c => c.Elements.Sum(e => e.Variants.Count));
        Done("17.2");

        await Enter(context, venture, "17.3");
        IReadOnlyList<AutomationWorkflow> workflows = await context.CallActivityAsync<IReadOnlyList<AutomationWorkflow>>(
            nameof(BuildAutomationWorkflows), new BuildWorkflowsInput(config, [.. contents.Select(c => c.Id)], [.. contents.Select(c => c.Channel)], input.Timezone), Retry);

        // The compensation is known before the first campaign exists: whatever gets provisioned is rolled back on failure.
        var provisioned = new List<LaunchedCampaign>();
        List<ProvisionCampaignInput> provisions = [.. contents.Select(content => Provision(context, input, config, contents, content))];
        try
        {
            Provisioning provisioning;
            try
            {
                provisioning = await context.CallActivityAsync<Provisioning>(nameof(ProvisionCampaigns), provisions, Retry);
            }
            catch (TaskFailedException)
            {
                // Every attempt failed, and the platforms may hold campaigns whose creation went
                // unanswered or came before another's failure: found by their keys, they are rolled back too.
                provisioned.AddRange(await context.CallActivityAsync<IReadOnlyList<LaunchedCampaign>>(nameof(FindProvisionedCampaigns), provisions, Retry));
                throw;
            }

            provisioned.AddRange(provisioning.Launched);
            if (provisioning.Refusal is { } refusal)
            {
                throw new LaunchRefusedException(refusal);
            }

            IReadOnlyList<WorkflowTestReport> tests = await context.CallActivityAsync<IReadOnlyList<WorkflowTestReport>>(nameof(TestAutomationWorkflows), workflows, Retry);
            if (tests.FirstOrDefault(t => !t.Passed) is { } failedTest)
            {
                throw new LaunchRefusedException($"workflow test of {failedTest.WorkflowId} failed: {string.Join("; ", failedTest.Problems)}");
            }

            RollbackResult drill = await context.CallSubOrchestratorAsync<RollbackResult>(
                nameof(RollbackSaga), new RollbackInput(venture, provisioned, "exit-gate rollback test", input.RequestedBy, Drill: true, Currency: config.Currency), new SubOrchestrationOptions { InstanceId = $"{context.InstanceId}-drill" });
            if (!drill.Completed || !drill.Verified)
            {
                throw new LaunchRefusedException($"rollback test failed: {string.Join("; ", drill.Problems)}");
            }

            Done("17.3");
            await Enter(context, venture, "launch");
            int version = await context.CallActivityAsync<int>(nameof(CommitLaunch), new CommitLaunchInput(
                $"{context.InstanceId}:commit", config, provisioned, workflows, InputVersions(input), input.RequestedBy, "initial launch", contents), Retry);
            await context.CallActivityAsync<IReadOnlyList<PlatformCampaign>>(nameof(ApplyCampaignStates),
                provisioned.Select(c => new CampaignChange(c.Channel, c.PlatformCampaignId, c.DailyBudget, config.Currency, Active: true)).ToList(), Retry);
            // Live before the handoff is published: Stage 18's consumer marks it handed off, and must have the last word.
            await context.CallActivityAsync<bool>(nameof(SetVentureState), new VentureState(venture, "live", $"v{version} launched"), Retry);
            await context.CallActivityAsync<DateTimeOffset>(nameof(EnrolMonitoring), new EnrolInput(
                input.Inputs, provisioned, config.Currency, version, (double)config.Kpis.Sum(k => k.LeadsPerWeek.Target)), Retry);
            IReadOnlyList<LaunchPilot> pilots = await StartPilotsAsync(context, venture, provisioned, input.Pilot ?? AbPilot.Default);
            string handoff = await context.CallActivityAsync<string>(nameof(PublishHandoff), new PublishHandoffInput(venture, version, provisioned, [.. workflows.Select(w => w.Id)]), Retry);
            Done("launch");
            context.SetCustomStatus(new Stage17Status("done", venture));
            return new Stage17Result(venture, "launched", version, durations, provisioned, variants, handoff, null, null, pilots);
        }
        catch (Exception ex) when (ex is TaskFailedException or LaunchRefusedException)
        {
            string reason = ex is TaskFailedException failed ? failed.FailureDetails.ErrorMessage : ex.Message;
            await Enter(context, venture, "rollback");
            RollbackResult rollback = await context.CallSubOrchestratorAsync<RollbackResult>(
                nameof(RollbackSaga), new RollbackInput(venture, provisioned, reason, input.RequestedBy, Currency: config.Currency), new SubOrchestrationOptions { InstanceId = $"{context.InstanceId}-rollback" });
            context.SetCustomStatus(new Stage17Status(rollback.Completed ? "rolled_back" : "rollback_failed", venture));
            return new Stage17Result(venture, rollback.Completed ? "rolled_back" : "rollback_failed", null, durations, provisioned, variants, null, rollback, reason);
        }
    }

    /// <summary>
    /// The A/B pilot on every campaign, started and not awaited (each test is its own
    /// orchestration). A pilot that cannot start leaves the launch as it is: the venture is live,
    /// and the operator can start a test later.
    /// </summary>
    private static async Task<IReadOnlyList<LaunchPilot>> StartPilotsAsync(TaskOrchestrationContext context, string venture, IReadOnlyList<LaunchedCampaign> campaigns, AbPilot pilot)
    {
        if (pilot.OptOut)
        {
            return [];
        }

        try
        {
            return await context.CallActivityAsync<IReadOnlyList<LaunchPilot>>(nameof(StartLaunchPilots), new LaunchPilotsInput(venture, campaigns, pilot), Retry);
        }
        catch (TaskFailedException ex)
        {
            return [.. campaigns.Select(c => new LaunchPilot(c.CampaignId, null, ex.FailureDetails.ErrorMessage))];
        }
    }

    private static async Task Enter(TaskOrchestrationContext context, string venture, string substage)
    {
        context.SetCustomStatus(new Stage17Status(substage, venture));
        await context.CallActivityAsync<bool>(nameof(SetVentureState), new VentureState(venture, substage, null), Retry);
    }

    /// <summary>Each campaign gets its channel's daily budget shared among that channel's campaigns; the key is the instance and the campaign.</summary>
    private static ProvisionCampaignInput Provision(TaskOrchestrationContext context, Stage17Input input, GtmConfigDocument config, CampaignContent[] all, CampaignContent content) =>
        new($"{context.InstanceId}:provision:{content.Id}", content.Channel, config.VentureId, content.Id,
            config.DailyBudgetPerCampaign(content.Channel, all.Count(c => c.Channel == content.Channel)), config.Currency, input.Scenario);

    private static Dictionary<string, string> InputVersions(Stage17Input input) => new()
    {
        ["market_strategy"] = $"{input.Inputs.MarketStrategy.VentureId}@{Fingerprint(input.Inputs.MarketStrategy)}",
        ["customer_segment"] = string.Join(',', input.Inputs.CustomerSegments.Select(s => $"{s.Id}@{Fingerprint(s)}")),
        ["marketing_channel"] = string.Join(',', input.Inputs.MarketingChannels.Select(c => $"{c.Kind}@{Fingerprint(c)}")),
    };

    /// <summary>A short content hash of an input, deterministic across replays and processes.</summary>
    private static string Fingerprint(object value)
    {
        string json = System.Text.Json.JsonSerializer.Serialize(value, ContractJson.Options);
        ulong hash = 14695981039346656037;
        foreach (char c in json)
        {
            hash = unchecked((hash ^ c) * 1099511628211);
        }

        return hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture)[..10];
    }
}

/// <summary>The launch cannot go on: a platform refused a campaign, or the exit gate refused the launch.</summary>
public sealed class LaunchRefusedException(string message) : Exception(message);
