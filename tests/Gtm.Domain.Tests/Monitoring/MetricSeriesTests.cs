using Gtm.Domain.Monitoring;

namespace Gtm.Domain.Tests.Monitoring;

[Trait("Category", "Unit")]
public sealed class MetricSeriesTests
{
    private static readonly DateTimeOffset Launch = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static TotalsSnapshot At(int hour, long emailClicks, long emailConversions, long metaClicks, long metaConversions) => new(
        Launch.AddHours(hour),
        [new("email", 1000 * hour, emailClicks, 0, emailConversions, 10 * hour, 0), new("meta", 1000 * hour, metaClicks, 0, metaConversions, 10 * hour, 0)]);

    [Fact]
    public void Each_point_is_measured_over_the_window_ending_there_per_channel()
    {
        TotalsSnapshot[] snapshots = [At(1, 100, 10, 50, 0), At(2, 200, 30, 100, 5), At(3, 300, 40, 150, 5), At(4, 400, 80, 150, 5)];

        IReadOnlyList<ChannelSeries> series = MetricSeries.PerChannel(snapshots, Metric.ConversionRate, TimeSpan.FromHours(2), new MarketClock(1), Launch);

        Assert.Equal(["email", "meta"], series.Select(s => s.Channel));
        ChannelSeries email = series[0];
        ChannelSeries meta = series[1];
        Assert.Equal(snapshots.Select(s => s.At), email.At);
        // Hours 1 and 2 measure from launch (no evaluation two hours back); hour 3 from hour 1, hour 4 from hour 2.
        Assert.Equal([0.1, 0.15, 30 / 200.0, 50 / 200.0], email.Values);
        // Meta had no clicks between hours 3 and 4 beyond hour 2's: 50 clicks, no conversions; the rate is measurable.
        Assert.Equal([0.0, 0.05, 5 / 100.0, 0.0], meta.Values);
    }

    [Fact]
    public void A_window_with_nothing_to_divide_by_is_not_measurable()
    {
        TotalsSnapshot[] snapshots = [At(1, 0, 0, 0, 0)];

        IReadOnlyList<ChannelSeries> series = MetricSeries.PerChannel(snapshots, Metric.ConversionRate, TimeSpan.FromDays(1), new MarketClock(1), Launch);

        Assert.All(series, s => Assert.Equal([null], s.Values));
    }

    [Fact]
    public void Lead_generation_is_scaled_to_a_market_week()
    {
        // Ten times compressed: one wall hour is ten market hours.
        TotalsSnapshot[] snapshots = [new(Launch.AddHours(1), [new("email", 0, 0, 10, 0, 0, 0)])];

        ChannelSeries email = MetricSeries.PerChannel(snapshots, Metric.LeadGeneration, TimeSpan.FromHours(1), new MarketClock(10), Launch).Single();

        Assert.Equal(10 / (10 / 24.0) * 7, email.Values[0]!.Value, 6);
    }
}
