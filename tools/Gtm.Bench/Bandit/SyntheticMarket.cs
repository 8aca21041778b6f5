using Gtm.Domain.Budgeting;

namespace Gtm.Bench.Bandit;

/// <summary>
/// Four channels with true conversion rates per unit of spend that only the oracle knows. Rates are
/// log-uniform between 1/200 and 1/25 (a cost per conversion of 25 to 200): channels clearly differ,
/// as they do in practice, but none is absurdly better. Daily conversions are Poisson in the spend.
/// </summary>
internal sealed class SyntheticMarket
{
    public const decimal DailyBudget = 1000m;

    public static readonly IReadOnlyList<ChannelBounds> Channels =
    [
        new("email", 0m, 0.2m),
        new("linkedin", 0.05m, 0.6m),
        new("google_ads", 0.1m, 0.5m),
        new("meta", 0.05m, 0.4m),
    ];

    private readonly double[] rates;

    public SyntheticMarket(Random random) =>
        rates = [.. Channels.Select(_ => Math.Exp(Math.Log(1.0 / 200) + (random.NextDouble() * Math.Log(200.0 / 25))))];

    /// <summary>Conversions the shares would bring on average: the yardstick, free of Poisson noise.</summary>
    public double Expected(IReadOnlyList<decimal> shares) =>
        Enumerable.Range(0, rates.Length).Sum(i => rates[i] * (double)(shares[i] * DailyBudget));

    /// <summary>One day's conversions per channel, as the allocator would see them reported.</summary>
    public long[] Realise(IReadOnlyList<decimal> shares, Random random) =>
        [.. Enumerable.Range(0, rates.Length).Select(i => Poisson(random, rates[i] * (double)(shares[i] * DailyBudget)))];

    /// <summary>The best shares for the true rates: every floor, then the rest to the best rates up to their caps.</summary>
    public decimal[] Oracle()
    {
        decimal[] shares = [.. Channels.Select(c => c.Floor)];
        decimal left = 1m - shares.Sum();
        foreach (int i in Enumerable.Range(0, rates.Length).OrderByDescending(i => rates[i]))
        {
            decimal extra = Math.Min(left, Channels[i].Cap - Channels[i].Floor);
            shares[i] += extra;
            left -= extra;
        }

        return shares;
    }

    // Knuth's product of uniforms, in slices of mean 30 at most so that exp(-mean) never underflows;
    // a sum of Poisson variables is Poisson in the sum of their means.
    private static long Poisson(Random random, double mean)
    {
        long count = 0;
        for (double slice = Math.Min(mean, 30); mean > 0; mean -= slice, slice = Math.Min(mean, 30))
        {
            double limit = Math.Exp(-slice), product = random.NextDouble();
            while (product > limit)
            {
                count++;
                product *= random.NextDouble();
            }
        }

        return count;
    }
}
