using Gtm.Activities.Launch;

namespace Gtm.Activities.Rollback;

/// <summary>Restore a configuration version (the last known good unless one is named) as a new version.</summary>
public sealed record RestoreInput(string VentureId, string IdempotencyKey, string Reason, string RequestedBy, int? TargetVersion = null);

public sealed record RestoredVersion(int Version, int RestoredFrom, string ConfigJson, int ContentGeneration);

/// <summary>What the channels must show after a rollback: each campaign paused with no budget, or active serving the restored version's content alone.</summary>
public sealed record VerifyInput(IReadOnlyList<LaunchedCampaign> Campaigns, bool ExpectActive, int? ExpectCreative = null);

/// <param name="Name">With <paramref name="SegmentType"/>, who the venture is: given when its stage starts, for the venture list.</param>
public sealed record VentureState(string VentureId, string State, string? Detail, string? Name = null, string? SegmentType = null);

/// <summary>The campaigns whose spend a platform refused to stop, one line each; empty when every stop held.</summary>
public sealed record SpendStops(IReadOnlyList<string> Problems);
