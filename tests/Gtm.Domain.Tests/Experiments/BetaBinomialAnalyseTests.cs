using Gtm.Domain.Experiments;

namespace Gtm.Domain.Tests.Experiments;

[Trait("Category", "Unit")]
public sealed class BetaBinomialAnalyseTests
{
    private static VariantCounts[] Counts(params (long Exposures, long Conversions)[] counts) =>
        [.. counts.Select((c, i) => new VariantCounts(((char)('a' + i)).ToString(), c.Exposures, c.Conversions))];

    public static TheoryData<VariantCounts[]> Tests() => new()
    {
        Counts((1000, 100), (1000, 130)),
        Counts((0, 0), (100_000, 5000)),
        Counts((120, 10), (130, 15), (110, 8)),
        Counts((0, 0), (10, 10), (500, 1), (100_000, 99_000), (2000, 1000)),
        Counts((5000, 50), (5000, 55), (5000, 48), (5000, 60), (5000, 52)),
        Counts((100, 0), (100, 0), (100, 1)),
    };

    [Theory]
    [MemberData(nameof(Tests))]
    public void Probabilities_to_be_best_sum_to_one(VariantCounts[] variants)
    {
        IReadOnlyList<VariantPosterior> posteriors = BetaBinomial.Analyse(variants);

        Assert.Equal(1, posteriors.Sum(p => p.ProbabilityToBeBest), 1e-6);
        Assert.All(posteriors, p => Assert.InRange(p.ProbabilityToBeBest, 0, 1));
        Assert.All(posteriors, p => Assert.True(p.ExpectedLoss >= 0));
    }

    [Theory]
    [InlineData(1000, 100, 1000, 130)]
    [InlineData(1000, 100, 1000, 100)]
    [InlineData(0, 0, 100_000, 5000)]
    [InlineData(50, 3, 40_000, 2100)]
    [InlineData(200, 200, 200, 199)]
    [InlineData(300, 0, 10, 1)]
    public void With_two_variants_the_challengers_chance_to_be_best_is_its_exact_chance_to_beat_the_control(long n0, long c0, long n1, long c1)
    {
        IReadOnlyList<VariantPosterior> posteriors = BetaBinomial.Analyse(Counts((n0, c0), (n1, c1)));
        double exact = BetaBinomial.ProbabilityBBeatsA(1 + c0, 1 + n0 - c0, 1 + c1, 1 + n1 - c1);

        Assert.Equal(exact, posteriors[1].ProbabilityToBeBest, 1e-6);
        Assert.Equal(exact, posteriors[1].ProbabilityToBeatControl, 1e-15);
        Assert.Equal(0.5, posteriors[0].ProbabilityToBeatControl);
    }

    [Theory]
    // Expected values from mpmath at 40 digits (reference_values.py here): quad of f_i Π_(j≠i) F_j and of
    // 1 − Π_j F_j over [0, 1], split at the posteriors' means ± 0..12 standard deviations.
    [InlineData(1000, 100, 1000, 120, 1000, 115, 0.0341515493378444, 0.615575252904251, 0.350273197757905, 0.0237310182752257, 0.00377093843490637, 0.00876095839498621)]
    [InlineData(120, 10, 130, 15, 110, 8, 0.177630509373577, 0.717398566797855, 0.104970923828569, 0.0374814351878995, 0.00643324840200784, 0.0472882267569862)]
    public void Three_variants_match_an_independent_high_precision_integration(long n0, long c0, long n1, long c1, long n2, long c2, double best0, double best1, double best2, double loss0, double loss1, double loss2)
    {
        IReadOnlyList<VariantPosterior> posteriors = BetaBinomial.Analyse(Counts((n0, c0), (n1, c1), (n2, c2)));

        Assert.Equal(best0, posteriors[0].ProbabilityToBeBest, 1e-7);
        Assert.Equal(best1, posteriors[1].ProbabilityToBeBest, 1e-7);
        Assert.Equal(best2, posteriors[2].ProbabilityToBeBest, 1e-7);
        Assert.Equal(loss0, posteriors[0].ExpectedLoss, 1e-8);
        Assert.Equal(loss1, posteriors[1].ExpectedLoss, 1e-8);
        Assert.Equal(loss2, posteriors[2].ExpectedLoss, 1e-8);
    }

    [Fact]
    public void Without_data_the_variants_are_uniform_and_the_loss_is_the_known_order_statistic()
    {
        // n uniforms: each is best with chance 1/n and E[max] = n / (n + 1), so the loss is n / (n + 1) − 1/2.
        IReadOnlyList<VariantPosterior> two = BetaBinomial.Analyse(Counts((0, 0), (0, 0)));
        IReadOnlyList<VariantPosterior> three = BetaBinomial.Analyse(Counts((0, 0), (0, 0), (0, 0)));

        Assert.All(two, p => Assert.Equal(0.5, p.ProbabilityToBeBest, 1e-9));
        Assert.All(two, p => Assert.Equal(2.0 / 3 - 0.5, p.ExpectedLoss, 1e-9));
        Assert.All(three, p => Assert.Equal(1.0 / 3, p.ProbabilityToBeBest, 1e-9));
        Assert.All(three, p => Assert.Equal(3.0 / 4 - 0.5, p.ExpectedLoss, 1e-9));
        Assert.All(two, p => Assert.Equal(0, p.Rate));
    }

    [Fact]
    public void Equal_data_split_evenly_with_the_loss_of_an_independent_integration()
    {
        IReadOnlyList<VariantPosterior> posteriors = BetaBinomial.Analyse(Counts((1000, 100), (1000, 100)));

        // mpmath at 40 digits (reference_values.py): E[max] − E[p] for two Beta(101, 901).
        Assert.All(posteriors, p => Assert.Equal(0.00535923744838491, p.ExpectedLoss, 1e-9));
        Assert.All(posteriors, p => Assert.Equal(0.5, p.ProbabilityToBeBest, 1e-9));
        Assert.All(posteriors, p => Assert.Equal(0.1, p.Rate));
    }

    [Fact]
    public void A_clear_winner_has_an_expected_loss_near_zero_and_the_losers_lose_the_gap()
    {
        // mpmath (reference_values.py): B's loss at 1000/130 against 1000/100 is 9.23744915047071e-5, A's 0.0300324942519837.
        IReadOnlyList<VariantPosterior> close = BetaBinomial.Analyse(Counts((1000, 100), (1000, 130)));
        IReadOnlyList<VariantPosterior> clear = BetaBinomial.Analyse(Counts((10_000, 500), (10_000, 800)));

        Assert.Equal(9.23744915047071e-5, close[1].ExpectedLoss, 1e-9);
        Assert.Equal(0.0300324942519837, close[0].ExpectedLoss, 1e-9);
        Assert.InRange(clear[1].ExpectedLoss, 0, 1e-10);
        Assert.Equal(0.03, clear[0].ExpectedLoss, 1e-4);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    public void Fewer_than_two_or_more_than_five_variants_are_rejected(int count)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => BetaBinomial.Analyse(Counts([.. Enumerable.Repeat((100L, 1L), count)])));
        Assert.Contains("2 to 5 variants", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_counts_and_duplicate_ids_are_rejected_naming_the_variant()
    {
        Assert.Contains("'b' has more conversions (11) than exposures (10)", Assert.Throws<ArgumentException>(() => BetaBinomial.Analyse(Counts((10, 1), (10, 11)))).Message, StringComparison.Ordinal);
        Assert.Contains("'a' has a negative count", Assert.Throws<ArgumentException>(() => BetaBinomial.Analyse(Counts((-1, 0), (10, 1)))).Message, StringComparison.Ordinal);
        Assert.Contains("'a' is listed twice", Assert.Throws<ArgumentException>(() => BetaBinomial.Analyse([new("a", 10, 1), new("a", 10, 2)])).Message, StringComparison.Ordinal);
    }
}
