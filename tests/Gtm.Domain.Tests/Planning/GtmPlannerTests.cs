using Gtm.Domain.Planning;
using Gtm.Testing;
using Gtm.Domain.Ventures;

namespace Gtm.Domain.Tests.Planning;

[Trait("Category", "Unit")]
public sealed class GtmPlannerTests
{
    [Fact]
    public void Shares_sum_to_one_and_respect_every_floor_and_cap_over_many_random_cases()
    {
        var random = new Random(42);
        for (int run = 0; run < 2000; run++)
        {
            int n = random.Next(1, 6);
            double[] weights = [.. Enumerable.Range(0, n).Select(_ => random.NextDouble() * (random.Next(4) == 0 ? 0 : 10))];
            var bounds = Enumerable.Range(0, n).Select(_ => new BudgetShares.Bounds(Math.Round((decimal)random.NextDouble() / n, 2), 1m)).ToList();
            bounds = [.. bounds.Select(b => b with { Cap = Math.Max(b.Floor, Math.Round(b.Floor + (decimal)random.NextDouble(), 2)) })];
            if (bounds.Sum(b => b.Cap) < 1m)
            {
                continue;
            }

            decimal[] shares = BudgetShares.Allocate(weights, bounds);
            Assert.InRange(shares.Sum(), 0.999m, 1.001m);
            for (int i = 0; i < n; i++)
            {
                Assert.InRange(shares[i], bounds[i].Floor - 0.0001m, bounds[i].Cap + 0.0001m);
            }
        }
    }

    [Fact]
    public void Kpis_follow_the_segment_type_defaults_and_the_margin_sets_the_roas_floor()
    {
        VentureInputs venture = SyntheticVentures.Create(11);
        venture = venture with
        {
            MarketStrategy = venture.MarketStrategy with { GrossMargin = 0.5m },
            CustomerSegments = [venture.CustomerSegments[0] with { Type = "b2b_enterprise" }],
        };
        GtmPlanner.SegmentKpis kpis = Assert.Single(GtmPlanner.Kpis(venture));
        Assert.Equal(0.03m, kpis.ConversionRate.Value);
        Assert.Equal(0.015m, kpis.ConversionRate.Threshold);
        Assert.Equal(0.0225m, kpis.ConversionRate.Alert);
        Assert.Equal(2m, kpis.Roas.Threshold);
        Assert.Equal(2m, KpiDefaults.RoasFloor(null));
        Assert.Equal(0.02m, KpiDefaults.ConversionRate("b2c_mass"));
    }

    [Fact]
    public void The_channel_mix_favours_preferred_channels_within_bounds_and_budgets_follow_the_period()
    {
        VentureInputs venture = SyntheticVentures.Create(5);
        venture = venture with
        {
            MarketStrategy = venture.MarketStrategy with { TotalBudget = new Budget(30_400m, "EUR", "monthly") },
            CustomerSegments = [.. venture.CustomerSegments.Select(s => s with { PreferredChannels = ["linkedin"] })],
            MarketingChannels = [new("linkedin", true, "Li", 0.1m, 0.7m), new("email", true, "Hs", 0.1m, 0.5m), new("meta", false, "Fb", 0m, 1m)],
        };
        IReadOnlyList<GtmPlanner.ChannelShare> mix = GtmPlanner.ChannelMix(venture);
        Assert.Equal(["linkedin", "email"], mix.Select(m => m.Channel));
        Assert.Equal(0.7m, mix[0].Share);
        Assert.Equal(0.3m, mix[1].Share);
        IReadOnlyList<GtmPlanner.ChannelBudget> budgets = GtmPlanner.Budgets(venture.MarketStrategy, mix);
        Assert.Equal(700m, budgets[0].DailyBudget);
        Assert.Equal(300m, budgets[1].DailyBudget);
    }
}
