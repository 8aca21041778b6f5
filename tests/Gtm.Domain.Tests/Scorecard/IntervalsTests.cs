using Gtm.Testing.Scorecard;

namespace Gtm.Domain.Tests.Scorecard;

/// <summary>The scorecard's intervals on cases worked by hand.</summary>
[Trait("Category", "Unit")]
public sealed class IntervalsTests
{
    [Fact]
    public void Wilsons_interval_matches_the_textbook_case_and_stays_inside_zero_and_one()
    {
        // 8 of 10: Wilson's 95 % interval is 0.490 to 0.943.
        Estimate eight = Intervals.Proportion(8, 10);
        Assert.Equal((0.8, 0.490, 0.943), (eight.Value, Math.Round(eight.Low, 3), Math.Round(eight.High, 3)));

        Estimate none = Intervals.Proportion(0, 20);
        Assert.Equal(0, none.Low);
        Assert.Equal(0.161, Math.Round(none.High, 3));
        Assert.Equal(1, Intervals.Proportion(20, 20).High);
        Assert.Equal(0, Intervals.Proportion(0, 0).Count);
    }

    [Fact]
    public void The_mean_interval_is_the_mean_give_or_take_1_96_standard_errors()
    {
        // Mean 3, sample standard deviation of 1..5 is sqrt(2.5).
        Estimate mean = Intervals.Mean([1, 2, 3, 4, 5]);
        double half = 1.959963984540054 * Math.Sqrt(2.5) / Math.Sqrt(5);
        Assert.Equal((3.0, 3 - half, 3 + half, 5), (mean.Value, mean.Low, mean.High, mean.Count));
    }

    [Fact]
    public void The_95th_percentile_is_the_nearest_rank_and_its_interval_brackets_it()
    {
        double[] values = [.. Enumerable.Range(1, 100).Select(i => (double)i)];

        Estimate p95 = Intervals.Percentile95(values, new Random(1));

        Assert.Equal(95, p95.Value);
        Assert.True(p95.Low <= 95 && p95.High >= 95 && p95.High <= 100 && p95.Low >= 85, $"{p95.Low} to {p95.High}");
        Assert.Equal(5, Intervals.NearestRank([5, 1, 3, 4, 2], 0.95));
        Assert.Equal(1, Intervals.NearestRank([5, 1, 3, 4, 2], 0.2));
    }
}
