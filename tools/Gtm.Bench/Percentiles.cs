namespace Gtm.Bench;

/// <summary>Nearest-rank percentiles of measured durations.</summary>
internal static class Percentiles
{
    public static double Of(IReadOnlyCollection<double> values, int percentile) => Gtm.Testing.Scorecard.Intervals.NearestRank([.. values], percentile / 100.0);
}
