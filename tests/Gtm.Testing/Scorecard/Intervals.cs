namespace Gtm.Testing.Scorecard;

/// <summary>A measured figure with its 95 % interval and how many observations it rests on.</summary>
public sealed record Estimate(double Value, double Low, double High, int Count)
{
    public static Estimate None { get; } = new(double.NaN, double.NaN, double.NaN, 0);
}

/// <summary>
/// 95 % intervals: Wilson's score interval for a proportion (sound near 0 and 1, where the normal
/// one is not), the normal interval for a mean, and a percentile bootstrap for a 95th percentile.
/// </summary>
public static class Intervals
{
    private const double Z = 1.959963984540054;

    public static Estimate Proportion(int successes, int count)
    {
        if (count <= 0)
        {
            return Estimate.None;
        }

        double p = (double)successes / count;
        double denominator = 1 + (Z * Z / count);
        double centre = (p + (Z * Z / (2 * count))) / denominator;
        double half = Z * Math.Sqrt((p * (1 - p) / count) + (Z * Z / (4.0 * count * count))) / denominator;
        return new Estimate(p, Math.Max(0, centre - half), Math.Min(1, centre + half), count);
    }

    public static Estimate Mean(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return Estimate.None;
        }

        double mean = values.Average();
        double sd = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : 0;
        double half = Z * sd / Math.Sqrt(values.Count);
        return new Estimate(mean, mean - half, mean + half, values.Count);
    }

    /// <summary>The 95th percentile (nearest rank) with the 2.5th and 97.5th percentiles of its value over resamples.</summary>
    public static Estimate Percentile95(IReadOnlyList<double> values, Random random, int resamples = 2000)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (values.Count == 0)
        {
            return Estimate.None;
        }

        double[] sample = new double[values.Count];
        double[] estimates = new double[resamples];
        for (int r = 0; r < resamples; r++)
        {
            for (int i = 0; i < sample.Length; i++)
            {
                sample[i] = values[random.Next(values.Count)];
            }

            estimates[r] = NearestRank(sample, 0.95);
        }

        return new Estimate(NearestRank(values, 0.95), NearestRank(estimates, 0.025), NearestRank(estimates, 0.975), values.Count);
    }

    /// <summary>The smallest value with at least <paramref name="quantile"/> of the values at or below it.</summary>
    public static double NearestRank(IReadOnlyList<double> values, double quantile)
    {
        double[] sorted = [.. values.Order()];
        int rank = Math.Max(1, (int)Math.Ceiling(quantile * sorted.Length));
        return sorted[rank - 1];
    }
}
