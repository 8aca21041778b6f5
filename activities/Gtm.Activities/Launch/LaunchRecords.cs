using Gtm.Channels;

namespace Gtm.Activities.Launch;

/// <summary>Provision one campaign on its channel, paused; the key makes a retry find the same campaign.</summary>
public sealed record ProvisionCampaignInput(string IdempotencyKey, string Channel, string VentureId, string CampaignId, decimal DailyBudget, string Currency, string Scenario);

/// <summary>A campaign on a platform, as the orchestration keeps track of it.</summary>
public sealed record LaunchedCampaign(string Channel, string CampaignId, string PlatformCampaignId, decimal DailyBudget);

/// <summary>The campaigns created, and the platforms' refusal of the others when any refused.</summary>
public sealed record Provisioning(IReadOnlyList<LaunchedCampaign> Launched, string? Refusal);

/// <summary>A change to one campaign's state on its platform; <see cref="Creatives"/> when the content served changes too.</summary>
public sealed record CampaignChange(string Channel, string PlatformCampaignId, decimal? DailyBudget, string Currency, bool Active, CreativeSplit? Creatives = null);

/// <summary>What the platforms hold for a venture's campaigns, against what they should hold.</summary>
public sealed record ChannelCheck(IReadOnlyList<PlatformCampaign> Campaigns, IReadOnlyList<string> Mismatches)
{
    public bool Matches => Mismatches.Count == 0;
}
