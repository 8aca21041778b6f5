namespace Gtm.Domain.Planning;

/// <summary>
/// Default targets per segment type (SPEC C5): the threshold is 50 % of the target and the alert
/// level 75 %. ROAS: the floor is break-even (1 / gross margin) when the strategy gives a margin,
/// 2.0 otherwise; the target is twice the floor, so the threshold is the floor.
/// </summary>
public static class KpiDefaults
{
    public const decimal ThresholdFraction = 0.5m;
    public const decimal AlertFraction = 0.75m;
    public const decimal DefaultRoasFloor = 2.0m;

    public sealed record Target(decimal Value, decimal Threshold, decimal Alert)
    {
        public static Target Of(decimal value) => new(value, Math.Round(value * ThresholdFraction, 4), Math.Round(value * AlertFraction, 4));
    }

    public static decimal ConversionRate(string segmentType) => segmentType switch
    {
        "b2b_enterprise" => 0.03m,
        "b2b_smb" => 0.025m,
        "b2c_premium" => 0.025m,
        "b2c_mass" => 0.02m,
        _ => throw new ArgumentOutOfRangeException(nameof(segmentType), segmentType, "unknown segment type"),
    };

    public static decimal RoasFloor(decimal? grossMargin) =>
        grossMargin is > 0 and <= 1 ? Math.Round(1m / grossMargin.Value, 4) : DefaultRoasFloor;

    /// <summary>Engagement against the channel's benchmark, as a ratio: 1.0 is par.</summary>
    public const decimal Effectiveness = 1.0m;
}
