using Gtm.Domain.Budgeting;
using Gtm.Domain.Planning;

namespace Gtm.Domain.Tests.Budgeting;

[Trait("Category", "Unit")]
public sealed class ThompsonAllocatorTests
{
    private static readonly ChannelBounds[] Market =
    [
        new("email", 0m, 0.2m),
        new("linkedin", 0.05m, 0.6m),
        new("google_ads", 0.1m, 0.5m),
        new("meta", 0.05m, 0.4m),
    ];

    private static IReadOnlyList<ChannelAllocation> Allocate(IReadOnlyList<ChannelBounds> channels, IReadOnlyList<ChannelEvidence> evidence, AllocationObjective objective = AllocationObjective.Conversions, int seed = 7, int draws = 2000) =>
        ThompsonAllocator.Allocate(channels, evidence, objective, new Random(seed), draws);

    [Fact]
    public void Shares_sum_to_one_and_respect_every_floor_and_cap_over_many_random_cases()
    {
        var random = new Random(42);
        for (int run = 0; run < 300; run++)
        {
            int n = random.Next(1, 6);
            ChannelBounds[] channels = [.. Enumerable.Range(0, n).Select(i =>
            {
                decimal floor = Math.Round((decimal)random.NextDouble() / n, 2);
                return new ChannelBounds($"c{i}", floor, Math.Min(1m, Math.Round(floor + (decimal)random.NextDouble(), 2)));
            })];
            if (channels.Sum(c => c.Cap) < 1m)
            {
                continue;
            }

            ChannelEvidence[] evidence = [.. channels.Where(_ => random.Next(3) > 0).Select(c =>
            {
                decimal spend = Math.Round((decimal)(random.NextDouble() * 5000), 2);
                long conversions = random.Next(0, (int)(spend / 20) + 1);
                return new ChannelEvidence(c.Channel, spend, conversions, conversions * Math.Round((decimal)(random.NextDouble() * 300), 2));
            })];
            var objective = (AllocationObjective)random.Next(2);

            IReadOnlyList<ChannelAllocation> allocations = Allocate(channels, evidence, objective, run, draws: 200);

            Assert.Equal(channels.Select(c => c.Channel), allocations.Select(a => a.Channel));
            Assert.InRange(allocations.Sum(a => a.Share), 0.999m, 1.001m);
            Assert.InRange(allocations.Sum(a => a.ProbabilityBest), 0.999, 1.001);
            for (int i = 0; i < n; i++)
            {
                Assert.InRange(allocations[i].Share, channels[i].Floor, channels[i].Cap);
                Assert.True(allocations[i].ExpectedPerSpend > 0);
            }
        }
    }

    [Fact]
    public void A_clearly_better_channel_with_plenty_of_data_gets_its_cap_and_the_rest_goes_in_order_of_rate()
    {
        ChannelEvidence[] evidence =
        [
            new("email", 20_000m, 100, 0m),
            new("linkedin", 20_000m, 200, 0m),
            new("google_ads", 20_000m, 800, 0m),
            new("meta", 20_000m, 400, 0m),
        ];

        IReadOnlyList<ChannelAllocation> allocations = Allocate(Market, evidence);

        // The oracle's answer for these rates: google_ads and meta to their caps, linkedin what is left, email its floor.
        Assert.Equal([0m, 0.1m, 0.5m, 0.4m], allocations.Select(a => a.Share));
        Assert.True(allocations[2].ProbabilityBest > 0.99);
        Assert.Equal(801.0 / (20_000 + (80_000.0 / 1500)), allocations[2].ExpectedPerSpend, 1e-12);
    }

    [Fact]
    public void Without_evidence_the_shares_are_the_water_filled_equal_weights()
    {
        decimal[] equal = BudgetShares.Allocate([1.0, 1.0, 1.0, 1.0], [.. Market.Select(c => new BudgetShares.Bounds(c.Floor, c.Cap))]);

        IReadOnlyList<ChannelAllocation> allocations = Allocate(Market, []);

        Assert.Equal(equal, allocations.Select(a => a.Share));
        Assert.All(allocations, a => Assert.InRange(a.ProbabilityBest, 0.2, 0.3));
    }

    [Fact]
    public void The_same_seed_gives_the_same_allocation_and_another_seed_other_probabilities()
    {
        ChannelEvidence[] evidence = [new("email", 300m, 3, 90m), new("meta", 500m, 4, 400m)];

        IReadOnlyList<ChannelAllocation> first = Allocate(Market, evidence, AllocationObjective.Value, seed: 3);
        IReadOnlyList<ChannelAllocation> again = Allocate(Market, evidence, AllocationObjective.Value, seed: 3);
        IReadOnlyList<ChannelAllocation> other = Allocate(Market, evidence, AllocationObjective.Value, seed: 4);

        Assert.Equal(first, again);
        Assert.NotEqual(first.Select(a => a.ProbabilityBest), other.Select(a => a.ProbabilityBest));
    }

    [Fact]
    public void Probability_best_matches_the_exact_chance_that_one_gamma_posterior_exceeds_another()
    {
        // Equal spend and 4 against 2 conversions give Gamma(5, b) and Gamma(3, b) posteriors with the same rate b:
        // the first is larger when at least 3 of the first 7 events of two merged Poisson processes come from the second.
        ChannelBounds[] channels = [new("a", 0m, 1m), new("b", 0m, 1m)];
        ChannelEvidence[] evidence = [new("a", 1000m, 4, 0m), new("b", 1000m, 2, 0m)];
        double exact = Enumerable.Range(3, 5).Sum(j => Choose(7, j)) / 128.0;

        IReadOnlyList<ChannelAllocation> allocations = Allocate(channels, evidence, draws: 40_000);

        Assert.Equal(99.0 / 128, exact, 1e-12);
        Assert.InRange(allocations[0].ProbabilityBest, exact - 0.015, exact + 0.015);
        Assert.Equal(allocations[0].ProbabilityBest, (double)allocations[0].Share, 1e-4);
    }

    [Fact]
    public void The_value_objective_prefers_fewer_conversions_worth_more()
    {
        ChannelBounds[] channels = [new("meta", 0.1m, 0.9m), new("linkedin", 0.1m, 0.9m)];
        ChannelEvidence[] evidence =
        [
            new("meta", 10_000m, 500, 5_000m),
            new("linkedin", 10_000m, 100, 20_000m),
        ];

        IReadOnlyList<ChannelAllocation> conversions = Allocate(channels, evidence, AllocationObjective.Conversions);
        IReadOnlyList<ChannelAllocation> value = Allocate(channels, evidence, AllocationObjective.Value);

        Assert.Equal([0.9m, 0.1m], conversions.Select(a => a.Share));
        Assert.Equal([0.1m, 0.9m], value.Select(a => a.Share));
        Assert.True(value[1].ExpectedPerSpend > 1.5 && value[0].ExpectedPerSpend < 0.6);
    }

    [Theory]
    [InlineData("email", 0.3, 0.2, "floor 0.3 above its cap 0.2")]
    [InlineData("meta", 0.05, 1.2, "both must be shares between 0 and 1")]
    [InlineData("linkedin", 0.9, 0.9, "floors add up to more than the whole budget")]
    public void Inconsistent_bounds_are_rejected_naming_the_channel(string channel, double floor, double cap, string reason)
    {
        ChannelBounds[] channels = [.. Market.Select(c => c.Channel == channel ? c with { Floor = (decimal)floor, Cap = (decimal)cap } : c)];

        var error = Assert.Throws<ArgumentException>(() => Allocate(channels, []));

        Assert.Contains(channel, error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Caps_short_of_the_budget_are_rejected_naming_each_channel()
    {
        ChannelBounds[] channels = [new("email", 0m, 0.3m), new("meta", 0m, 0.4m)];

        var error = Assert.Throws<ArgumentException>(() => Allocate(channels, []));

        Assert.Equal("The caps add up to less than the whole budget: email 0.3, meta 0.4. (Parameter 'channels')", error.Message);
    }

    [Fact]
    public void Negative_spend_is_rejected_naming_the_channel()
    {
        var error = Assert.Throws<ArgumentException>(() => Allocate(Market, [new("google_ads", -5m, 0, 0m)]));

        Assert.Contains("channel 'google_ads'", error.Message, StringComparison.Ordinal);
        Assert.Contains("spend -5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evidence_for_an_unknown_channel_is_rejected_naming_it()
    {
        var error = Assert.Throws<ArgumentException>(() => Allocate(Market, [new("tiktok", 100m, 1, 0m)]));

        Assert.Contains("channel 'tiktok', which is not among the channels to allocate", error.Message, StringComparison.Ordinal);
    }

    private static double Choose(int n, int k) => Enumerable.Range(1, k).Aggregate(1.0, (product, i) => product * (n - k + i) / i);
}
