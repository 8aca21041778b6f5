namespace Gtm.Bench;

/// <summary>Nearest-rank percentiles of measured durations.</summary>
internal static class Percentiles
{
    public static double Of(IReadOnlyCollection<double> values, int percentile)
    {
        double[] sorted = [.. values.Order()];
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
