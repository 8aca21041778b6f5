namespace Gtm.Domain.Experiments;

/// <summary>
/// The integrals over independent Beta posteriors that <see cref="BetaBinomial.Analyse"/> needs, by
/// deterministic quadrature:
/// P(i best) = ∫ f_i(x) Π_(j≠i) F_j(x) dx and E[max_j p_j] = ∫ (1 − Π_j F_j(x)) dx.
/// <para>
/// The maximum of the rates lies, but for 1e-13 of its mass, between L = max_j q_j(1e-13) and
/// H = max_j q_j(1 − 1e-13), q_j being posterior j's quantile function; below L the product of the
/// CDFs is under 1e-13 and above H every density has less than that left. [L, H] is cut at a ladder of
/// every posterior's quantiles, so each piece is on the scale of every posterior that changes inside it,
/// however narrow one is and however wide another, and each piece takes a 20-point Gauss–Legendre rule.
/// </para>
/// </summary>
internal static class PosteriorIntegrals
{
    private const double Tail = 1e-13;

    private static readonly double[] Ladder =
    [
        Tail, 1e-9, 1e-6, 1e-4, 1e-3, 0.01, 0.05, 0.15, 0.3, 0.5, 0.7, 0.85, 0.95, 0.99, 0.999, 1 - 1e-4, 1 - 1e-6, 1 - 1e-9, 1 - Tail,
    ];

    /// <summary>The probability that each posterior Beta(a, b) is the highest, and the expected maximum.</summary>
    public static (double[] ProbabilityBest, double ExpectedMax) Compute(IReadOnlyList<(double A, double B)> posteriors)
    {
        int n = posteriors.Count;
        double[] logBeta = [.. posteriors.Select(p => BetaFunctions.LogBeta(p.A, p.B))];
        double[][] quantiles = [.. posteriors.Select(p => Ladder.Select(level => BetaFunctions.BetaQuantile(level, p.A, p.B)).ToArray())];
        double low = quantiles.Max(q => q[0]), high = quantiles.Max(q => q[^1]);
        double[] cuts = [.. quantiles.SelectMany(q => q).Where(x => x > low && x < high).Append(low).Append(high).Distinct().Order()];

        double[] best = new double[n], density = new double[n], cdf = new double[n];
        double aboveLow = 0;
        for (int piece = 0; piece + 1 < cuts.Length; piece++)
        {
            double half = 0.5 * (cuts[piece + 1] - cuts[piece]), middle = 0.5 * (cuts[piece + 1] + cuts[piece]);
            foreach ((double node, double weight) in GaussLegendre.Rule)
            {
                double x = middle + (half * node), w = weight * half, all = 1;
                for (int j = 0; j < n; j++)
                {
                    (double a, double b) = posteriors[j];
                    density[j] = BetaFunctions.BetaDensity(x, a, b, logBeta[j]);
                    cdf[j] = BetaFunctions.RegularizedBeta(x, a, b);
                    all *= cdf[j];
                }

                aboveLow += w * (1 - all);
                for (int i = 0; i < n; i++)
                {
                    double others = density[i];
                    for (int j = 0; j < n; j++)
                    {
                        others *= j == i ? 1 : cdf[j];
                    }

                    best[i] += w * others;
                }
            }
        }

        return (best, low + aboveLow);
    }
}
