using System.Text.Json;
using Gtm.Activities.Storage;
using Gtm.Domain.Content;
using Gtm.Domain.Planning;
using Gtm.Domain.Ventures;
using Gtm.Domain.Workflows;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.Activities.Launch;

/// <summary>The exit gate's commit: the configuration version, its lineage and the venture's live state.</summary>
public sealed record CommitLaunchInput(
    string IdempotencyKey,
    GtmConfigDocument Config,
    IReadOnlyList<LaunchedCampaign> Campaigns,
    IReadOnlyList<AutomationWorkflow> Workflows,
    IReadOnlyDictionary<string, string> InputVersions,
    string CreatedBy,
    string Reason,
    IReadOnlyList<CampaignContent> Contents);

/// <summary>
/// Commits the configuration as a new version, marks it last known good (it passed the workflow and
/// rollback tests), records lineage for the version, each campaign and each workflow, the
/// campaigns' content (generation 1) and the venture's campaigns. Idempotent by key.
/// </summary>
public sealed class CommitLaunch(ConfigVersionStore versions, LineageStore lineage, VentureStore ventures, ContentStore contents, TimeProvider time) : TaskActivity<CommitLaunchInput, int>
{
    [Function(nameof(CommitLaunch))]
    public Task<int> Run([ActivityTrigger] CommitLaunchInput input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(CommitLaunch), instanceId), input);

    public override async Task<int> RunAsync(TaskActivityContext context, CommitLaunchInput input)
    {
        DateTimeOffset now = time.GetUtcNow();
        string ventureId = input.Config.VentureId;
        int version = await versions.AppendAsync(ventureId, JsonSerializer.Serialize(input.Config with { Version = 0 }, ContractJson.Options), input.CreatedBy, input.Reason, input.IdempotencyKey, now, CancellationToken.None);
        await versions.MarkLastKnownGoodAsync(ventureId, version, CancellationToken.None);
        string configOutput = $"gtm_config/v{version}";
        await lineage.RecordAsync(new LineageRecord(ventureId, configOutput, input.InputVersions, ["TR-001", "TR-002", "TR-003"], now), CancellationToken.None);
        foreach (LaunchedCampaign campaign in input.Campaigns)
        {
            await lineage.RecordAsync(new LineageRecord(ventureId, $"campaign_template/{campaign.CampaignId}", input.InputVersions, ["TR-004"], now, configOutput), CancellationToken.None);
        }

        foreach (AutomationWorkflow workflow in input.Workflows)
        {
            await lineage.RecordAsync(new LineageRecord(ventureId, $"automation_workflow/{workflow.Id}", input.InputVersions, ["TR-005"], now, configOutput), CancellationToken.None);
        }

        await contents.SaveAsync(1, input.Contents, CancellationToken.None);
        await ventures.SetAsync(ventureId, "launching", $"configuration v{version} committed", now, CancellationToken.None, version,
            JsonSerializer.Serialize(input.Campaigns, ContractJson.Options), JsonSerializer.Serialize(input.Workflows.Select(w => w.Id), ContractJson.Options));
        return version;
    }
}
