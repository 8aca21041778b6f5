using Gtm.Domain.Feedback;

namespace Gtm.Domain.Tests.Feedback;

/// <summary>Net Promoter figures against values worked out by hand.</summary>
[Trait("Category", "Unit")]
public sealed class NpsSummaryTests
{
    [Fact]
    public void No_scores_give_no_nps_and_no_mean()
    {
        NpsSummary summary = NpsSummary.From([]);
        Assert.Equal(new NpsSummary(0, 0, 0, 0, null, null), summary);
    }

    [Fact]
    public void Scores_are_split_at_6_7_8_and_9()
    {
        // 10, 9 promoters; 8, 7 passives; 6, 0 detractors: 100 × (2 − 2) / 6 = 0; mean 40 / 6 = 6.67.
        Assert.Equal(new NpsSummary(6, 2, 2, 2, 0, 6.67), NpsSummary.From([10, 9, 8, 7, 6, 0]));
    }

    [Fact]
    public void Nps_is_promoters_less_detractors_per_hundred_responses()
    {
        // 3 promoters, 1 detractor of 4: 100 × 2 / 4 = 50; mean 32 / 4 = 8.
        Assert.Equal(new NpsSummary(4, 3, 0, 1, 50, 8), NpsSummary.From([10, 10, 9, 3]));

        // 100 × 1 / 3 = 33.33 → 33; mean 20 / 3 = 6.67.
        Assert.Equal(new NpsSummary(3, 2, 0, 1, 33, 6.67), NpsSummary.From([10, 10, 0]));
    }

    [Fact]
    public void Halves_round_away_from_zero()
    {
        // 1 promoter, 7 passives: 100 × 1 / 8 = 12.5 → 13; mean 58 / 8 = 7.25.
        Assert.Equal(new NpsSummary(8, 1, 7, 0, 13, 7.25), NpsSummary.From([9, 7, 7, 7, 7, 7, 7, 7]));

        // 1 detractor, 7 passives: −12.5 → −13; mean 55 / 8 = 6.875 → 6.88.
        Assert.Equal(new NpsSummary(8, 0, 7, 1, -13, 6.88), NpsSummary.From([6, 7, 7, 7, 7, 7, 7, 7]));
    }

    [Fact]
    public void All_promoters_is_100_and_all_detractors_minus_100()
    {
        Assert.Equal(100, NpsSummary.From([10]).Nps);
        Assert.Equal(-100, NpsSummary.From([0, 6]).Nps);
    }

    [Fact]
    public void A_score_outside_0_to_10_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NpsSummary.From([5, 11]));
        Assert.Throws<ArgumentOutOfRangeException>(() => NpsSummary.From([-1]));
    }
}
