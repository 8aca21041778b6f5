namespace Gtm.Domain.Experiments;

/// <summary>
/// An A/B test's state: its outcome, the winning variant's id when there is one (only for
/// <see cref="AbTestOutcome.Winner"/>; every other outcome keeps the control), a readable reason with the
/// figures behind it, every variant's posterior summary, and the sample-ratio check.
/// </summary>
public sealed record AbTestVerdict(
    AbTestOutcome Outcome,
    string? WinnerVariantId,
    string Reason,
    IReadOnlyList<VariantPosterior> Variants,
    SampleRatioCheck SampleRatio);
