namespace Gtm.Domain.Experiments;

/// <summary>
/// The outcome of <see cref="SampleRatio.Check"/>: Pearson's chi-square statistic, its degrees of freedom
/// (variants − 1), its p-value, and whether that is below the alpha the check was run at.
/// </summary>
public sealed record SampleRatioCheck(double ChiSquare, int DegreesOfFreedom, double PValue, bool Mismatch);
