namespace Gtm.Domain.Experiments;

/// <summary>
/// One variant's posterior summary under <see cref="BetaBinomial"/>: the observed <paramref name="Rate"/>
/// (conversions per exposure, 0 before any exposure), the probability that its conversion rate is the
/// highest of the test, the probability that it beats the control's (0.5 for the control itself), and the
/// expected loss E[max_j p_j − p_i] of choosing it, in conversion-rate units.
/// </summary>
public sealed record VariantPosterior(
    string VariantId,
    long Exposures,
    long Conversions,
    double Rate,
    double ProbabilityToBeBest,
    double ProbabilityToBeatControl,
    double ExpectedLoss);
