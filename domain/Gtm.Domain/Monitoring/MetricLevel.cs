using System.Text.Json.Serialization;

namespace Gtm.Domain.Monitoring;

[JsonConverter(typeof(JsonStringEnumConverter<MetricLevel>))]
public enum MetricLevel
{
    [JsonStringEnumMemberName("insufficient_data")]
    InsufficientData,
    [JsonStringEnumMemberName("ok")]
    Ok,
    [JsonStringEnumMemberName("warning")]
    Warning,
    [JsonStringEnumMemberName("breach")]
    Breach,
    [JsonStringEnumMemberName("critical")]
    Critical,
}

/// <summary>One metric measured and classified against its threshold row.</summary>
public sealed record MetricReading(Metric Metric, MetricLevel Level, double? Value, double Sample, string? NotJudgedBecause)
{
    public bool BelowThreshold => Level is MetricLevel.Breach or MetricLevel.Critical;

    /// <summary>Too little data is never a breach: too early after launch, too small a sample, or nothing to divide by.</summary>
    public static MetricReading Classify(MetricThreshold threshold, MetricWindow window, TimeSpan sinceLaunch)
    {
        (double? value, double sample) = window.Measure(threshold.Metric);
        string? why = sinceLaunch.TotalHours < threshold.MinHoursSinceLaunch ? $"{sinceLaunch.TotalHours:0.#} h since launch, {threshold.MinHoursSinceLaunch} h needed"
            : sample < threshold.MinSample ? $"sample of {sample:0.#}, {threshold.MinSample} needed"
            : value is null ? "nothing measured in the window"
            : null;
        if (why is not null)
        {
            return new MetricReading(threshold.Metric, MetricLevel.InsufficientData, value, sample, why);
        }

        double v = value!.Value;
        MetricLevel level = v < threshold.HardFloor ? MetricLevel.Critical
            : v < threshold.Threshold ? MetricLevel.Breach
            : v < threshold.Alert ? MetricLevel.Warning
            : MetricLevel.Ok;
        return new MetricReading(threshold.Metric, level, Math.Round(v, 6), sample, null);
    }
}
