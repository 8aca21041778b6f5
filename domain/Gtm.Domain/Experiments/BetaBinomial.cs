namespace Gtm.Domain.Experiments;

/// <summary>
/// The Bayesian beta-binomial model of SPEC C8: each variant's conversion rate has a uniform Beta(1, 1)
/// prior, so after n exposures and c conversions its posterior is Beta(1 + c, 1 + n − c). Everything here
/// is exact or deterministic quadrature, never random sampling, so a verdict replays identically.
/// </summary>
public static class BetaBinomial
{
    /// <summary>
    /// P(p_B &gt; p_A) for independent p_A ~ Beta(alphaA, betaA) and p_B ~ Beta(alphaB, betaB) with integer
    /// parameters, by Evan Miller's closed form
    /// Σ_(i=0)^(alphaB−1) B(alphaA + i, betaA + betaB) / ((betaB + i) B(1 + i, betaB) B(alphaA, betaA)),
    /// each term taken through log-gamma so it neither overflows nor underflows at thousands of observations.
    /// The sum runs over the smaller alpha, using P(p_B &gt; p_A) = 1 − P(p_A &gt; p_B) (ties have no mass).
    /// Its error is that of the log-gammas' differences: of the order of 1e-12 at thousands of exposures, 1e-8 at millions.
    /// </summary>
    public static double ProbabilityBBeatsA(long alphaA, long betaA, long alphaB, long betaB)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(alphaA, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(betaA, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(alphaB, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(betaB, 1);
        return alphaB <= alphaA ? MillerSum(alphaA, betaA, alphaB, betaB) : 1 - MillerSum(alphaB, betaB, alphaA, betaA);
    }

    /// <summary>
    /// For 2 to 5 variants, the first being the control: each variant's probability to be best and its
    /// expected loss (E[max_j p_j] − E[p_i], floored at 0 against rounding) by <see cref="PosteriorIntegrals"/>,
    /// and its exact probability to beat the control by <see cref="ProbabilityBBeatsA"/>. For the control
    /// itself that probability is 0.5, the chance that one draw of its posterior beats an independent
    /// second draw: a number, never NaN, that no win threshold above one half can reach.
    /// </summary>
    public static IReadOnlyList<VariantPosterior> Analyse(IReadOnlyList<VariantCounts> variants)
    {
        ExperimentArguments.Variants(variants, nameof(variants));
        (long Alpha, long Beta)[] posteriors = [.. variants.Select(v => (1 + v.Conversions, 1 + v.Exposures - v.Conversions))];
        (double[] best, double expectedMax) = PosteriorIntegrals.Compute([.. posteriors.Select(p => ((double)p.Alpha, (double)p.Beta))]);
        (long controlAlpha, long controlBeta) = posteriors[0];
        return [.. variants.Select((v, i) =>
        {
            (long alpha, long beta) = posteriors[i];
            double mean = (double)alpha / (alpha + beta);
            return new VariantPosterior(
                v.VariantId,
                v.Exposures,
                v.Conversions,
                v.Exposures == 0 ? 0 : (double)v.Conversions / v.Exposures,
                best[i],
                i == 0 ? 0.5 : ProbabilityBBeatsA(controlAlpha, controlBeta, alpha, beta),
                Math.Max(0, expectedMax - mean));
        })];
    }

    private static double MillerSum(long alphaA, long betaA, long alphaB, long betaB)
    {
        // ln of B(alphaA + i, betaA + betaB) / ((betaB + i) B(1 + i, betaB) B(alphaA, betaA)), with the
        // Γ's that do not depend on i gathered into one constant.
        double constant = BetaFunctions.LogGamma(betaA + betaB) - BetaFunctions.LogGamma(betaB) - BetaFunctions.LogBeta(alphaA, betaA);
        double sum = 0;
        for (long i = 0; i < alphaB; i++)
        {
            sum += Math.Exp(
                constant
                + BetaFunctions.LogGamma(alphaA + i) - BetaFunctions.LogGamma(alphaA + i + betaA + betaB)
                - Math.Log(betaB + i)
                - BetaFunctions.LogGamma(1 + i) + BetaFunctions.LogGamma(1 + i + betaB));
        }

        return sum;
    }
}
