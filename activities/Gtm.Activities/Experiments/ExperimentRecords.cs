using Gtm.Channels;
using Gtm.Domain.Experiments;

namespace Gtm.Activities.Experiments;

public sealed record StartExperimentInput(string Channel, string PlatformCampaignId, ExperimentSpec Spec);

public sealed record ReadExperimentInput(string Channel, string PlatformCampaignId, string TestId);

/// <summary>Ends the test with <see cref="VariantId"/> served to the whole audience.</summary>
public sealed record EndExperimentInput(string Channel, string PlatformCampaignId, string TestId, string VariantId);

/// <summary>
/// An A/B test as stored and served: what is tested where, the window, the latest verdict with its
/// numbers, and once decided the variant served to everyone and, for a winner, its copy pattern
/// (what the content generator reuses for the same segment type and channel).
/// </summary>
public sealed record AbTestRecord(
    string TestId,
    string VentureId,
    string CampaignId,
    string Channel,
    string SegmentType,
    string Element,
    IReadOnlyList<ExperimentVariant> Variants,
    double PilotShare,
    DateTimeOffset StartedAt,
    DateTimeOffset WindowEndsAt,
    string Status,
    AbTestVerdict? Verdict,
    string? ServedVariantId,
    string? WinnerPattern,
    DateTimeOffset UpdatedAt)
{
    /// <summary>A test whose orchestration failed or was stopped: it holds its campaign no more, and the control kept the audience.</summary>
    public const string FailedStatus = "failed";

    /// <summary>A test a rollback ended: the restored version's control serves the whole audience again.</summary>
    public const string StoppedStatus = "stopped";

    /// <summary>The outcome's name as the API spells it (running, winner, inconclusive, sample_ratio_mismatch).</summary>
    public static string StatusOf(AbTestOutcome outcome) => System.Text.Json.JsonSerializer.Serialize(outcome).Trim('"');
}
