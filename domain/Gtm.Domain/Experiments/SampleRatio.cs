namespace Gtm.Domain.Experiments;

/// <summary>
/// The sample-ratio-mismatch check of SPEC C8. When the exposures split between variants differently
/// from the shares the assignment intended, something other than chance is steering recipients (a
/// channel dropping one variant, a bug in delivery), and the conversion figures cannot be trusted.
/// </summary>
public static class SampleRatio
{
    /// <summary>
    /// Pearson's chi-square goodness of fit of <paramref name="exposures"/> against the totals the
    /// <paramref name="intendedShares"/> would give, with its p-value from the chi-square survival function
    /// Q(df / 2, χ² / 2). A mismatch is a p-value below <paramref name="alpha"/> (0.001 in SPEC C8). With no
    /// exposures at all there is nothing to test: χ² 0, p-value 1.
    /// </summary>
    public static SampleRatioCheck Check(IReadOnlyList<long> exposures, IReadOnlyList<double> intendedShares, double alpha = 0.001)
    {
        ArgumentNullException.ThrowIfNull(exposures);
        if (exposures.Count < ExperimentArguments.MinVariants)
        {
            throw new ArgumentException($"A sample ratio needs at least {ExperimentArguments.MinVariants} groups, not {exposures.Count}.", nameof(exposures));
        }

        if (exposures.Any(e => e < 0))
        {
            throw new ArgumentException($"Exposures cannot be negative: {string.Join(", ", exposures)}.", nameof(exposures));
        }

        ExperimentArguments.Shares(intendedShares, exposures.Count, nameof(intendedShares));
        if (!(alpha > 0 && alpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The significance level must be between 0 and 1.");
        }

        int degrees = exposures.Count - 1;
        double total = exposures.Sum(e => (double)e);
        if (total == 0)
        {
            return new SampleRatioCheck(0, degrees, 1, false);
        }

        double chiSquare = exposures.Select((observed, i) =>
        {
            double expected = total * intendedShares[i], difference = observed - expected;
            return difference * difference / expected;
        }).Sum();
        double p = PValue(chiSquare, degrees);
        return new SampleRatioCheck(chiSquare, degrees, p, p < alpha);
    }

    /// <summary>P(X ≥ <paramref name="chiSquare"/>) for X chi-square with the given degrees of freedom: Q(df / 2, χ² / 2).</summary>
    public static double PValue(double chiSquare, int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(degreesOfFreedom);
        if (!(chiSquare >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(chiSquare), chiSquare, "A chi-square statistic is at least 0.");
        }

        return BetaFunctions.RegularizedGammaQ(0.5 * degreesOfFreedom, 0.5 * chiSquare);
    }
}
