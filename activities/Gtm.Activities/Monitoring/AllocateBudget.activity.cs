using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gtm.Activities.Launch;
using Gtm.Activities.Storage;
using Gtm.Channels;
using Gtm.Domain.Budgeting;
using Gtm.Domain.Planning;
using Gtm.Domain.Ventures;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Gtm.Activities.Monitoring;

/// <summary>
/// SPEC C7: the Thompson-sampling allocator re-run on the last window's evidence, within each
/// channel's floor and cap from marketing_channel, over the same total daily budget. A split that
/// moves no channel by more than <see cref="MaterialChange"/> is left alone unless forced (GTM-002
/// and GTM-004 force it); otherwise it becomes a configuration version and the campaigns' new
/// budgets are returned for the orchestration to apply. The random draws are seeded by the key,
/// so a retry reaches the same split and, through the key, the same version. Each new budget is
/// first put to its platform without being applied (<see cref="PlatformBudgetFit"/>).
/// </summary>
public sealed partial class AllocateBudget(MonitoringStore monitoring, ConfigVersionStore versions, ChannelAdapters channels, TimeProvider time, ILogger<AllocateBudget> logger) : TaskActivity<AllocateInput, BudgetPlan?>
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

        List<LaunchedCampaign> campaigns = JsonSerializer.Deserialize<List<LaunchedCampaign>>(venture.CampaignsJson, ContractJson.Options)!;
        Dictionary<string, decimal> currentShares = config.BudgetAllocation.ToDictionary(b => b.Channel, b => b.DailyBudget / total);
        var random = new Random(Seed(input.IdempotencyKey));
        IReadOnlyList<ChannelAllocation>? shares = await PlatformBudgetFit.AllocateAsync(
            bounds,
            currentShares,
            within => ThompsonAllocator.Allocate(within, [.. input.Evidence.Where(e => within.Any(b => b.Channel == e.Channel))], input.Objective, random),
            allocation => input.Force || Material(allocation, currentShares) ? RefusedChannelAsync(Plan(config, allocation, total), campaigns, config.Currency) : Task.FromResult<string?>(null));
        if (shares is null)
        {
            return null;
        }

        if (!input.Force && !Material(shares, currentShares))
        {
            return null;
        }

        GtmConfigDocument next = Plan(config, shares, total);
        int version = await versions.AppendAsync(input.VentureId, JsonSerializer.Serialize(next, ContractJson.Options), "budget-allocator", input.Reason, input.IdempotencyKey, time.GetUtcNow(), none, venture.ContentGeneration);
        await monitoring.UpdateAsync(input.VentureId, row => row with { ConfigVersion = version }, none);
        return new BudgetPlan(version, shares, [.. Changes(next, campaigns)]);
    }

    private static bool Material(IReadOnlyList<ChannelAllocation> shares, Dictionary<string, decimal> currentShares) =>
        shares.Any(s => Math.Abs(s.Share - currentShares[s.Channel]) > MaterialChange);

    private static GtmConfigDocument Plan(GtmConfigDocument config, IReadOnlyList<ChannelAllocation> shares, decimal total) => config with
    {
        ChannelMix = [.. config.ChannelMix.Select(m => m with { Share = shares.FirstOrDefault(s => s.Channel == m.Channel)?.Share ?? m.Share })],
        BudgetAllocation = [.. config.BudgetAllocation.Select(b => b with { DailyBudget = Math.Round(total * shares.First(s => s.Channel == b.Channel).Share, 2) })],
    };

    private static IEnumerable<CampaignChange> Changes(GtmConfigDocument plan, List<LaunchedCampaign> campaigns) =>
        campaigns.GroupBy(c => c.Channel).SelectMany(channel => channel.Select(c => new CampaignChange(
            c.Channel, c.PlatformCampaignId, plan.DailyBudgetPerCampaign(c.Channel, channel.Count()), plan.Currency, Active: true)));

    /// <summary>The first channel whose platform would refuse its campaigns' budgets under <paramref name="plan"/>, asked without changing them.</summary>
    private async Task<string?> RefusedChannelAsync(GtmConfigDocument plan, List<LaunchedCampaign> campaigns, string currency)
    {
        foreach (CampaignChange change in Changes(plan, campaigns))
        {
            try
            {
                await channels.For(change.Channel).ValidateDailyBudgetAsync(change.PlatformCampaignId, change.DailyBudget ?? 0, currency, CancellationToken.None);
            }
            catch (ChannelRefusedException ex) when (ex is not ChannelUnauthorizedException)
            {
                LogRefusedBudget(logger, change.Channel, change.DailyBudget, currency, change.PlatformCampaignId, ex.Message);
                return change.Channel;
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Channel} would refuse a daily budget of {Budget} {Currency} for campaign {Campaign}: {Reason}; the channel keeps its share")]
    private static partial void LogRefusedBudget(ILogger logger, string channel, decimal? budget, string currency, string campaign, string reason);

    private static int Seed(string key) => BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
