using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gtm.Activities.Launch;
using Gtm.Activities.Storage;
using Gtm.Domain.Budgeting;
using Gtm.Domain.Planning;
using Gtm.Domain.Ventures;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.Activities.Monitoring;

/// <summary>
/// SPEC C7: the Thompson-sampling allocator re-run on the last window's evidence, within each
/// channel's floor and cap from marketing_channel, over the same total daily budget. A split that
/// moves no channel by more than <see cref="MaterialChange"/> is left alone unless forced (GTM-002
/// and GTM-004 force it); otherwise it becomes a configuration version and the campaigns' new
/// budgets are returned for the orchestration to apply. The random draws are seeded by the key,
/// so a retry reaches the same split and, through the key, the same version.
/// </summary>
public sealed class AllocateBudget(MonitoringStore monitoring, ConfigVersionStore versions, TimeProvider time) : TaskActivity<AllocateInput, BudgetPlan?>
{
    public const decimal MaterialChange = 0.05m;

    [Function(nameof(AllocateBudget))]
    public Task<BudgetPlan?> Run([ActivityTrigger] AllocateInput input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(AllocateBudget), instanceId), input);

    public override async Task<BudgetPlan?> RunAsync(TaskActivityContext context, AllocateInput input)
    {
        CancellationToken none = CancellationToken.None;
        MonitoredVenture venture = await monitoring.GetAsync(input.VentureId, none) ?? throw new InvalidOperationException($"Venture '{input.VentureId}' is not monitored.");
        ConfigVersion current = await versions.GetAsync(input.VentureId, venture.ConfigVersion, none) ?? throw new InvalidOperationException($"Venture '{input.VentureId}' has no version {venture.ConfigVersion}.");
        GtmConfigDocument config = JsonSerializer.Deserialize<GtmConfigDocument>(current.ConfigJson, ContractJson.Options)!;
        VentureInputs inputs = JsonSerializer.Deserialize<VentureInputs>(venture.InputsJson, ContractJson.Options)!;
        ChannelBounds[] bounds = [.. config.BudgetAllocation.Select(b => inputs.MarketingChannels.First(c => c.Kind == b.Channel)).Select(c => new ChannelBounds(c.Kind, c.MinBudgetShare, c.MaxBudgetShare))];
        decimal total = config.BudgetAllocation.Sum(b => b.DailyBudget);
        if (total <= 0)
        {
            return null;
        }

        IReadOnlyList<ChannelAllocation> shares = ThompsonAllocator.Allocate(bounds, [.. input.Evidence.Where(e => bounds.Any(b => b.Channel == e.Channel))], input.Objective, new Random(Seed(input.IdempotencyKey)));
        bool material = shares.Any(s => Math.Abs(s.Share - (config.BudgetAllocation.First(b => b.Channel == s.Channel).DailyBudget / total)) > MaterialChange);
        if (!material && !input.Force)
        {
            return null;
        }

        GtmConfigDocument next = config with
        {
            ChannelMix = [.. config.ChannelMix.Select(m => m with { Share = shares.FirstOrDefault(s => s.Channel == m.Channel)?.Share ?? m.Share })],
            BudgetAllocation = [.. config.BudgetAllocation.Select(b => b with { DailyBudget = Math.Round(total * shares.First(s => s.Channel == b.Channel).Share, 2) })],
        };
        int version = await versions.AppendAsync(input.VentureId, JsonSerializer.Serialize(next, ContractJson.Options), "budget-allocator", input.Reason, input.IdempotencyKey, time.GetUtcNow(), none, venture.ContentGeneration);
        await monitoring.UpdateAsync(input.VentureId, row => row with { ConfigVersion = version }, none);
        List<LaunchedCampaign> campaigns = JsonSerializer.Deserialize<List<LaunchedCampaign>>(venture.CampaignsJson, ContractJson.Options)!;
        return new BudgetPlan(version, shares, [.. campaigns.GroupBy(c => c.Channel).SelectMany(channel => channel.Select(c => new CampaignChange(
            c.Channel, c.PlatformCampaignId, next.DailyBudgetPerCampaign(c.Channel, channel.Count()), config.Currency, Active: true)))]);
    }

    private static int Seed(string key) => BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
