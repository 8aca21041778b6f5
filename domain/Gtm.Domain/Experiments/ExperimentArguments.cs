using System.Globalization;

namespace Gtm.Domain.Experiments;

/// <summary>Input checks shared by the A/B-test statistics; each failure names the variant at fault.</summary>
internal static class ExperimentArguments
{
    public const int MinVariants = 2;
    public const int MaxVariants = 5;

    public static void Variants(IReadOnlyList<VariantCounts> variants, string parameter)
    {
        ArgumentNullException.ThrowIfNull(variants, parameter);
        if (variants.Count is < MinVariants or > MaxVariants)
        {
            throw new ArgumentException($"An A/B test has {MinVariants} to {MaxVariants} variants (the first is the control), not {variants.Count}.", parameter);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (VariantCounts v in variants)
        {
            if (string.IsNullOrEmpty(v?.VariantId))
            {
                throw new ArgumentException("Every variant needs an id.", parameter);
            }

            if (!seen.Add(v.VariantId))
            {
                throw new ArgumentException($"Variant '{v.VariantId}' is listed twice.", parameter);
            }

            if (v.Exposures < 0 || v.Conversions < 0)
            {
                throw new ArgumentException($"Variant '{v.VariantId}' has a negative count ({v.Exposures} exposures, {v.Conversions} conversions).", parameter);
            }

            if (v.Conversions > v.Exposures)
            {
                throw new ArgumentException($"Variant '{v.VariantId}' has more conversions ({v.Conversions}) than exposures ({v.Exposures}).", parameter);
            }
        }
    }

    /// <summary>Shares, one per group, each above 0 and summing to 1 within 1e-9.</summary>
    public static void Shares(IReadOnlyList<double> shares, int groups, string parameter)
    {
        ArgumentNullException.ThrowIfNull(shares, parameter);
        if (shares.Count != groups)
        {
            throw new ArgumentException($"There are {shares.Count} intended shares for {groups} variants; give one per variant.", parameter);
        }

        if (shares.Any(s => !double.IsFinite(s) || s <= 0))
        {
            throw new ArgumentException($"Every intended share must be above 0: {List(shares)}.", parameter);
        }

        if (Math.Abs(shares.Sum() - 1) > 1e-9)
        {
            throw new ArgumentException($"The intended shares add up to {shares.Sum().ToString("R", CultureInfo.InvariantCulture)}, not 1: {List(shares)}.", parameter);
        }
    }

    private static string List(IReadOnlyList<double> shares) => string.Join(", ", shares.Select(s => s.ToString("R", CultureInfo.InvariantCulture)));
}
