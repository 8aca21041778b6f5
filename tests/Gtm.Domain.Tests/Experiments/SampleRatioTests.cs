using Gtm.Domain.Experiments;

namespace Gtm.Domain.Tests.Experiments;

[Trait("Category", "Unit")]
public sealed class SampleRatioTests
{
    [Fact]
    public void An_exact_split_has_chi_square_zero_and_p_value_one()
    {
        SampleRatioCheck check = SampleRatio.Check([5000, 5000], [0.5, 0.5]);

        Assert.Equal(new SampleRatioCheck(0, 1, 1, false), check);
    }

    [Fact]
    public void A_small_imbalance_is_measured_but_not_flagged_at_one_in_a_thousand()
    {
        SampleRatioCheck check = SampleRatio.Check([5000, 5300], [0.5, 0.5]);

        // Expected 5150 each, so χ² = 2 · 150² / 5150; p = erfc(√(χ² / 2)) from mpmath at 40 digits (reference_values.py).
        Assert.Equal(2 * 150.0 * 150 / 5150, check.ChiSquare, 1e-12);
        Assert.Equal(1, check.DegreesOfFreedom);
        Assert.Equal(0.0031166938398668675, check.PValue, 1e-12);
        Assert.False(check.Mismatch);
        Assert.True(SampleRatio.Check([5000, 5300], [0.5, 0.5], alpha: 0.01).Mismatch);
    }

    [Fact]
    public void A_three_way_imbalance_is_flagged_with_the_closed_form_p_value_for_two_degrees_of_freedom()
    {
        SampleRatioCheck check = SampleRatio.Check([2000, 3000, 5400], [0.2, 0.3, 0.5]);

        // Expected 2080, 3120 and 5200; with two degrees of freedom the survival function is exactly e^(−χ²/2).
        double chiSquare = (80.0 * 80 / 2080) + (120.0 * 120 / 3120) + (200.0 * 200 / 5200);
        Assert.Equal(chiSquare, check.ChiSquare, 1e-12);
        Assert.Equal(2, check.DegreesOfFreedom);
        Assert.Equal(Math.Exp(-chiSquare / 2), check.PValue, 1e-15);
        Assert.True(check.Mismatch);
    }

    [Theory]
    // The textbook 0.001 critical values of the chi-square distribution; exact survival values from mpmath (reference_values.py).
    [InlineData(10.828, 1, 0.00099976571958309204)]
    [InlineData(13.816, 2, 0.00099975530892388284)]
    [InlineData(16.266, 3, 0.0010001116046621161)]
    [InlineData(18.467, 4, 0.00099992193446677634)]
    public void The_p_value_at_the_published_critical_values_is_one_in_a_thousand(double chiSquare, int degrees, double expected)
    {
        Assert.Equal(expected, SampleRatio.PValue(chiSquare, degrees), 1e-14);
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.7)]
    [InlineData(2)]
    [InlineData(5.5)]
    [InlineData(30)]
    [InlineData(120)]
    public void Even_degrees_of_freedom_match_their_closed_forms(double chiSquare)
    {
        // Q(1, x) = e^(−x) and Q(2, x) = e^(−x) (1 + x), with x = χ² / 2.
        double x = chiSquare / 2;

        Assert.Equal(Math.Exp(-x), SampleRatio.PValue(chiSquare, 2), 1e-14);
        Assert.Equal(Math.Exp(-x) * (1 + x), SampleRatio.PValue(chiSquare, 4), 1e-14);
    }

    [Fact]
    public void No_exposures_at_all_is_no_mismatch() =>
        Assert.Equal(new SampleRatioCheck(0, 2, 1, false), SampleRatio.Check([0, 0, 0], [0.2, 0.3, 0.5]));

    [Fact]
    public void Inputs_that_do_not_fit_are_rejected()
    {
        Assert.Contains("3 intended shares for 2 variants", Assert.Throws<ArgumentException>(() => SampleRatio.Check([1, 2], [0.2, 0.3, 0.5])).Message, StringComparison.Ordinal);
        Assert.Contains("add up to 0.9", Assert.Throws<ArgumentException>(() => SampleRatio.Check([1, 2], [0.5, 0.4])).Message, StringComparison.Ordinal);
        Assert.Contains("cannot be negative", Assert.Throws<ArgumentException>(() => SampleRatio.Check([-1, 2], [0.5, 0.5])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleRatio.Check([1, 2], [0.5, 0.5], alpha: 0));
    }
}
