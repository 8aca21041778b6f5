using Gtm.Domain.Experiments;

namespace Gtm.Domain.Tests.Experiments;

[Trait("Category", "Unit")]
public sealed class BetaBinomialProbabilityTests
{
    [Fact]
    public void Identical_posteriors_give_one_half()
    {
        Assert.Equal(0.5, BetaBinomial.ProbabilityBBeatsA(1, 1, 1, 1), 1e-15);
        Assert.Equal(0.5, BetaBinomial.ProbabilityBBeatsA(7, 13, 7, 13), 1e-13);
        Assert.Equal(0.5, BetaBinomial.ProbabilityBBeatsA(501, 9501, 501, 9501), 1e-9);
    }

    [Fact]
    public void Uniform_against_one_success_is_two_thirds()
    {
        // p_B ~ Beta(2, 1) has density 2x and p_A is uniform: P(p_B > p_A) = ∫ 2x · x dx = 2/3; and ∫ 2(1 − x) · x dx = 1/3.
        Assert.Equal(2.0 / 3, BetaBinomial.ProbabilityBBeatsA(1, 1, 2, 1), 1e-14);
        Assert.Equal(1.0 / 3, BetaBinomial.ProbabilityBBeatsA(1, 1, 1, 2), 1e-14);
        Assert.Equal(1.0 / 3, BetaBinomial.ProbabilityBBeatsA(2, 1, 1, 1), 1e-14);
    }

    [Theory]
    [InlineData(3, 5, 4, 2)]
    [InlineData(2, 8, 5, 5)]
    [InlineData(10, 3, 7, 9)]
    [InlineData(1, 20, 1, 1)]
    [InlineData(12, 12, 13, 11)]
    [InlineData(20, 1, 19, 2)]
    public void Small_cases_match_the_binomial_expansion_of_the_cdf(int alphaA, int betaA, int alphaB, int betaB)
    {
        Assert.Equal(ByBinomialExpansion(alphaA, betaA, alphaB, betaB), BetaBinomial.ProbabilityBBeatsA(alphaA, betaA, alphaB, betaB), 1e-12);
    }

    [Theory]
    // Expected values from mpmath at 40 digits (reference_values.py here): quad of Beta(αB, βB)'s density times betainc(αA, βA, 0, x, regularized).
    [InlineData(1000, 100, 1000, 130, 0.98216506611635052)]
    [InlineData(1000, 100, 1000, 110, 0.76661413631746463)]
    [InlineData(10_000, 500, 10_000, 560, 0.97083766370624992)]
    public void Large_cases_match_an_independent_high_precision_integration(long exposuresA, long conversionsA, long exposuresB, long conversionsB, double expected)
    {
        double p = BetaBinomial.ProbabilityBBeatsA(1 + conversionsA, 1 + exposuresA - conversionsA, 1 + conversionsB, 1 + exposuresB - conversionsB);

        Assert.Equal(expected, p, 1e-9);
    }

    [Fact]
    public void Swapping_the_two_gives_the_complement()
    {
        // The sum runs over the smaller alpha, so the two orders take different branches.
        double forward = BetaBinomial.ProbabilityBBeatsA(131, 871, 101, 901);
        double backward = BetaBinomial.ProbabilityBBeatsA(101, 901, 131, 871);

        Assert.Equal(1, forward + backward, 1e-12);
        Assert.Equal(1 - 0.98216506611635052, forward, 1e-9);
    }

    [Fact]
    public void Parameters_below_one_are_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BetaBinomial.ProbabilityBBeatsA(0, 1, 1, 1));

    /// <summary>
    /// An independent exact sum: for integer parameters F_A(x) = Σ_(j=αA)^(n) C(n, j) x^j (1 − x)^(n−j) with
    /// n = αA + βA − 1, and ∫ x^j (1 − x)^(n−j) f_B(x) dx = B(j + αB, n − j + βB) / B(αB, βB), so
    /// P(p_B &gt; p_A) = ∫ f_B F_A = Σ_j C(n, j) B(j + αB, n − j + βB) / B(αB, βB), in factorials.
    /// </summary>
    private static double ByBinomialExpansion(int alphaA, int betaA, int alphaB, int betaB)
    {
        int n = alphaA + betaA - 1;
        double sum = 0;
        for (int j = alphaA; j <= n; j++)
        {
            sum += Choose(n, j) * Beta(j + alphaB, n - j + betaB) / Beta(alphaB, betaB);
        }

        return sum;
    }

    private static double Beta(int a, int b) => Factorial(a - 1) * Factorial(b - 1) / Factorial(a + b - 1);

    private static double Choose(int n, int k) => Factorial(n) / (Factorial(k) * Factorial(n - k));

    private static double Factorial(int n) => Enumerable.Range(1, n).Aggregate(1.0, (product, k) => product * k);
}
