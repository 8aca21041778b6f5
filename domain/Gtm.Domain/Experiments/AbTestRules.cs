namespace Gtm.Domain.Experiments;

/// <summary>
/// The stopping rules of SPEC C8: a variant wins at <paramref name="WinProbability"/> chance to beat the
/// control, no variant is judged on fewer than <paramref name="MinExposuresPerVariant"/> exposures (the
/// SPEC's minimum is 100), and a sample-ratio mismatch is flagged at p &lt; <paramref name="SrmAlpha"/>.
/// The minimum duration is the test window itself, which the caller's durable timer holds open.
/// </summary>
public sealed record AbTestRules(double WinProbability = 0.95, long MinExposuresPerVariant = AbTestRules.SpecMinimumExposures, double SrmAlpha = 0.001)
{
    public const long SpecMinimumExposures = 100;

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

        Require(WinProbability > 0.5 && WinProbability < 1, "win_probability", $"must be above 0.5 and below 1, not {WinProbability}");
        Require(MinExposuresPerVariant >= SpecMinimumExposures, "min_exposures_per_variant", $"must be at least {SpecMinimumExposures}, not {MinExposuresPerVariant}");
        Require(SrmAlpha > 0 && SrmAlpha <= 0.05, "srm_alpha", $"must be above 0 and at most 0.05, not {SrmAlpha}");
        return problems;
    }
}
