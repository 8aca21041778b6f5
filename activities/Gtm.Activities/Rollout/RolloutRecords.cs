using Gtm.Activities.Launch;
using Gtm.Activities.Monitoring;
using Gtm.Channels;

namespace Gtm.Activities.Rollout;

/// <summary>The rollout claimed the venture: the content generation live now and the campaigns to ramp.</summary>
public sealed record RolloutStart(int CurrentGeneration, int ConfigVersion, IReadOnlyList<LaunchedCampaign> Campaigns, string Currency);

public sealed record BeginRolloutInput(string VentureId, string RolloutId);

/// <summary>Regenerate one campaign's content for the next generation, as a trigger asks.</summary>
public sealed record RegenerateInput(string VentureId, string CampaignId, string Trigger, int FromGeneration, int ToGeneration);

public sealed record CommitContentInput(string VentureId, string IdempotencyKey, int FromVersion, int Generation, string CreatedBy, string Reason);

/// <summary>The new version and its configuration.</summary>
public sealed record CommittedContent(int Version, string ConfigJson);

public sealed record CreativeChange(string Channel, string PlatformCampaignId, CreativeSplit Split);

/// <param name="Elapsed">Wall time since the candidate began serving.</param>
public sealed record GuardrailInput(string VentureId, double Share, TimeSpan Elapsed, IReadOnlyList<CampaignReading> AtStart, IReadOnlyList<CampaignReading> Now);

/// <summary>pass, breach or insufficient_data, with the numbers that drove it.</summary>
public sealed record GuardrailResult(string Outcome, string Reason);
