using Gtm.Activities.Channels;
using Gtm.Channels;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.Activities.Launch;

/// <summary>
/// C4 CampaignManager: creates a venture's campaigns on their platforms, paused, all at once. A
/// transient failure fails the activity so it is retried (the keys give back the campaigns created
/// before); a refusal is returned beside the campaigns that were created, which the stage must then
/// roll back.
/// </summary>
public sealed class ProvisionCampaigns(ChannelAdapters channels) : TaskActivity<IReadOnlyList<ProvisionCampaignInput>, Provisioning>
{
    [Function(nameof(ProvisionCampaigns))]
    public Task<Provisioning> Run([ActivityTrigger] IReadOnlyList<ProvisionCampaignInput> input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(ProvisionCampaigns), instanceId), input);

    public override async Task<Provisioning> RunAsync(TaskActivityContext context, IReadOnlyList<ProvisionCampaignInput> input)
    {
        var outcomes = await ChannelBatch.RunAsync(input, async campaign =>
        {
            PlatformCampaign created = await channels.For(campaign.Channel).ProvisionAsync(Request(campaign), CancellationToken.None);
            return new LaunchedCampaign(campaign.Channel, campaign.CampaignId, created.PlatformCampaignId, campaign.DailyBudget);
        });
        ChannelBatch.ThrowIfRetryable(outcomes, Describe);
        var refused = outcomes.Where(o => o.Failure is not null).ToList();
        return new Provisioning([.. outcomes.Where(o => o.Result is not null).Select(o => o.Result!)], refused.Count == 0 ? null : ChannelBatch.Describe(refused, Describe));
    }

    internal static ProvisionRequest Request(ProvisionCampaignInput campaign) =>
        new(campaign.IdempotencyKey, campaign.VentureId, campaign.CampaignId, campaign.CampaignId, campaign.DailyBudget, campaign.Currency, campaign.Scenario);

    internal static string Describe(ProvisionCampaignInput campaign) => $"campaign {campaign.CampaignId}";
}

/// <summary>
/// The campaigns a failed provisioning left on their platforms: each one its key created, found by
/// that key and never created here (a create whose answer was lost, or one that went through
/// before another campaign's call failed). The stage hands them to its rollback.
/// </summary>
public sealed class FindProvisionedCampaigns(ChannelAdapters channels) : TaskActivity<IReadOnlyList<ProvisionCampaignInput>, IReadOnlyList<LaunchedCampaign>>
{
    [Function(nameof(FindProvisionedCampaigns))]
    public Task<IReadOnlyList<LaunchedCampaign>> Run([ActivityTrigger] IReadOnlyList<ProvisionCampaignInput> input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(FindProvisionedCampaigns), instanceId), input);

    public override async Task<IReadOnlyList<LaunchedCampaign>> RunAsync(TaskActivityContext context, IReadOnlyList<ProvisionCampaignInput> input)
    {
        var outcomes = await ChannelBatch.RunAsync(input, async campaign =>
            await channels.For(campaign.Channel).FindProvisionedAsync(ProvisionCampaigns.Request(campaign), CancellationToken.None) is { } found
                ? new LaunchedCampaign(campaign.Channel, campaign.CampaignId, found.PlatformCampaignId, campaign.DailyBudget)
                : null);
        ChannelBatch.ThrowIfFailed(outcomes, ProvisionCampaigns.Describe);
        return [.. outcomes.Where(o => o.Result is not null).Select(o => o.Result!)];
    }
}

/// <summary>Sets campaigns' budget, content and status: activation, a restored version, a reallocation, a rollout step. Idempotent: each change states the end state.</summary>
public sealed class ApplyCampaignStates(ChannelAdapters channels) : TaskActivity<IReadOnlyList<CampaignChange>, IReadOnlyList<PlatformCampaign>>
{
    [Function(nameof(ApplyCampaignStates))]
    public Task<IReadOnlyList<PlatformCampaign>> Run([ActivityTrigger] IReadOnlyList<CampaignChange> input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(ApplyCampaignStates), instanceId), input);

    public override async Task<IReadOnlyList<PlatformCampaign>> RunAsync(TaskActivityContext context, IReadOnlyList<CampaignChange> input)
    {
        var outcomes = await ChannelBatch.RunAsync(input, ApplyAsync);
        ChannelBatch.ThrowIfFailed(outcomes, change => $"campaign {change.PlatformCampaignId}");
        return [.. outcomes.Select(o => o.Result!)];
    }

    private async Task<PlatformCampaign> ApplyAsync(CampaignChange change)
    {
        IChannelAdapter channel = channels.For(change.Channel);
        if (change.DailyBudget is { } budget)
        {
            await channel.SetDailyBudgetAsync(change.PlatformCampaignId, budget, change.Currency, CancellationToken.None);
        }

        if (change.Creatives is { } creatives)
        {
            await channel.SetCreativesAsync(change.PlatformCampaignId, creatives, CancellationToken.None);
        }

        return change.Active
            ? await channel.ResumeAsync(change.PlatformCampaignId, CancellationToken.None)
            : await channel.PauseAsync(change.PlatformCampaignId, CancellationToken.None);
    }
}
