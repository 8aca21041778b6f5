using System.Text.Json.Serialization;
using Gtm.Domain.Planning;

namespace Gtm.Domain.Monitoring;

[JsonConverter(typeof(JsonStringEnumConverter<MeasurementFrequency>))]
public enum MeasurementFrequency
{
    [JsonStringEnumMemberName("realtime")]
    Realtime,
    [JsonStringEnumMemberName("hourly")]
    Hourly,
    [JsonStringEnumMemberName("daily")]
    Daily,
    [JsonStringEnumMemberName("weekly")]
    Weekly,
}

/// <summary>
/// How one metric is judged for a venture (SPEC C5): at or above <see cref="Alert"/> it is ok, from
/// <see cref="Threshold"/> a warning, below it a breach, below <see cref="HardFloor"/> critical. It is
/// measured every <see cref="Frequency"/> over a window of that length, and not judged at all before
/// <see cref="MinHoursSinceLaunch"/> or on fewer than <see cref="MinSample"/> impressions, clicks or
/// days (see <see cref="MetricWindow.Measure"/>). Rollback needs at least <see cref="MinSpend"/> spent in the window.
/// </summary>
public sealed record MetricThreshold(
    Metric Metric,
    double Target,
    double Threshold,
    double Alert,
    double HardFloor,
    MeasurementFrequency Frequency,
    double MinSample,
    double MinHoursSinceLaunch,
    decimal MinSpend)
{
    /// <summary>Every problem with the numbers, each naming its field as a JSON Pointer.</summary>
    public IReadOnlyList<(string Pointer, string Problem)> Validate()
    {
        var problems = new List<(string, string)>();
        void Require(bool ok, string field, string problem)
        {
            if (!ok)
            {
                problems.Add(($"/{field}", problem));
            }
        }

        foreach ((string field, double value) in new[] { ("target", Target), ("threshold", Threshold), ("alert", Alert), ("hard_floor", HardFloor), ("min_sample", MinSample), ("min_hours_since_launch", MinHoursSinceLaunch) })
        {
            Require(double.IsFinite(value) && value >= 0, field, $"must be a number of at least 0, not {value}");
        }

        Require(MinSpend >= 0, "min_spend", $"must be at least 0, not {MinSpend}");
        Require(Target > 0, "target", "must be above 0");
        Require(Alert <= Target, "alert", $"must be at most the target ({Target}), not {Alert}");
        Require(Threshold <= Alert, "threshold", $"must be at most the alert level ({Alert}), not {Threshold}");
        Require(HardFloor <= Threshold, "hard_floor", $"must be at most the threshold ({Threshold}), not {HardFloor}");
        Require(Enum.IsDefined(Frequency), "frequency", "must be realtime, hourly, daily or weekly");
        return problems;
    }

    public TimeSpan Period => Frequency switch
    {
        MeasurementFrequency.Realtime => TimeSpan.FromMinutes(15),
        MeasurementFrequency.Hourly => TimeSpan.FromHours(1),
        MeasurementFrequency.Daily => TimeSpan.FromDays(1),
        _ => TimeSpan.FromDays(7),
    };
}

/// <summary>
/// The SPEC's defaults: threshold 50 % and alert 75 % of target; effectiveness daily with a hard
/// floor at 50 % of target, lead generation weekly with its floor at the threshold, conversion
/// daily with a floor of 1 %, ROAS daily with its threshold at the break-even floor and a hard
/// floor no higher than 2.0.
/// </summary>
public static class MetricThresholdDefaults
{
    public const double AbsoluteConversionFloor = 0.01;
    public const double AbsoluteRoasFloor = 2.0;

    /// <param name="leadsPerWeek">The venture's plan, when there is one; segment-type defaults otherwise.</param>
    public static IReadOnlyList<MetricThreshold> For(string segmentType, decimal? grossMargin = null, double? leadsPerWeek = null)
    {
        MetricThreshold effectiveness = Scaled(Metric.CampaignEffectiveness, (double)KpiDefaults.Effectiveness, MeasurementFrequency.Daily, 1000, 24);
        MetricThreshold leads = Scaled(Metric.LeadGeneration, leadsPerWeek ?? DefaultLeadsPerWeek(segmentType), MeasurementFrequency.Weekly, 7, 168);
        MetricThreshold conversion = Scaled(Metric.ConversionRate, (double)KpiDefaults.ConversionRate(segmentType), MeasurementFrequency.Daily, 100, 24);
        MetricThreshold roas = Scaled(Metric.Roas, (double)KpiDefaults.RoasFloor(grossMargin) * 2, MeasurementFrequency.Daily, 100, 48);
        return
        [
            effectiveness with { HardFloor = Math.Round(effectiveness.Target * 0.5, 4) },
            leads with { HardFloor = leads.Threshold },
            conversion with { HardFloor = Math.Min(conversion.Threshold, AbsoluteConversionFloor) },
            roas with { HardFloor = Math.Min(roas.Threshold, AbsoluteRoasFloor) },
        ];
    }

    private static double DefaultLeadsPerWeek(string segmentType) => segmentType switch
    {
        "b2b_enterprise" => 25,
        "b2b_smb" => 60,
        _ => 250,
    };

    private static MetricThreshold Scaled(Metric metric, double target, MeasurementFrequency frequency, double minSample, double minHours) => new(
        metric,
        Math.Round(target, 4),
        Math.Round(target * (double)KpiDefaults.ThresholdFraction, 4),
        Math.Round(target * (double)KpiDefaults.AlertFraction, 4),
        0,
        frequency,
        minSample,
        minHours,
        MinSpend: 10);
}
