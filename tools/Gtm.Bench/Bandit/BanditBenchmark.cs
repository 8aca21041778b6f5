using Gtm.Domain.Budgeting;
using Gtm.Domain.Planning;

namespace Gtm.Bench.Bandit;

/// <summary>
/// ./gtm bench bandit [seeds=N] [days=N]: SPEC C7's proof. Over a synthetic market of 30 days the
/// Thompson allocator, re-run daily on all the evidence so far, must capture a clearly larger share
/// of the oracle's conversions than an equal split within the same floors and caps. The share is
/// of expected conversions (true rate x spend), so Poisson luck does not decide it; the allocator
/// still learns only from the realised, noisy conversions.
/// </summary>
internal static class BanditBenchmark
{
    public static void Run(IReadOnlyCollection<string> args)
    {
        int seeds = Option(args, "seeds", 50), days = Option(args, "days", 30);
        var thompson = new List<double>();
        var equal = new List<double>();
        var finalDay = new List<double>();
        for (int seed = 0; seed < seeds; seed++)
        {
            var market = new SyntheticMarket(new Random(seed));
            double oracle = market.Expected(market.Oracle());
            (double total, double last) = RunThompson(market, days, seed);
            thompson.Add(total / (oracle * days));
            finalDay.Add(last / oracle);
            equal.Add(market.Expected(EqualSplit()) / oracle);
        }

        Report.Line("seeds", seeds);
        Report.Line("days", days);
        Report.Line("oracle_share.thompson", thompson.Average());
        Report.Line("oracle_share.thompson.min", thompson.Min());
        Report.Line("oracle_share.thompson.final_day", finalDay.Average());
        Report.Line("oracle_share.equal_split", equal.Average());
    }

    /// <summary>Expected conversions over all days, and on the last day alone, when the allocator decides each day.</summary>
    private static (double Total, double Last) RunThompson(SyntheticMarket market, int days, int seed)
    {
        var allocator = new Random(seed + 1_000_000);
        var noise = new Random(seed + 2_000_000);
        IReadOnlyList<ChannelBounds> channels = SyntheticMarket.Channels;
        decimal[] spend = new decimal[channels.Count];
        long[] conversions = new long[channels.Count];
        double total = 0, last = 0;
        for (int day = 0; day < days; day++)
        {
            ChannelEvidence[] evidence = [.. channels.Select((c, i) => new ChannelEvidence(c.Channel, spend[i], conversions[i], 0m))];
            decimal[] shares = [.. ThompsonAllocator.Allocate(channels, evidence, AllocationObjective.Conversions, allocator).Select(a => a.Share)];
            last = market.Expected(shares);
            total += last;
            long[] realised = market.Realise(shares, noise);
            for (int i = 0; i < channels.Count; i++)
            {
                spend[i] += shares[i] * SyntheticMarket.DailyBudget;
                conversions[i] += realised[i];
            }
        }

        return (total, last);
    }

    private static decimal[] EqualSplit() =>
        BudgetShares.Allocate([.. SyntheticMarket.Channels.Select(_ => 1.0)], [.. SyntheticMarket.Channels.Select(c => new BudgetShares.Bounds(c.Floor, c.Cap))]);

    private static int Option(IReadOnlyCollection<string> args, string name, int fallback) =>
        args.Where(a => a.StartsWith(name + "=", StringComparison.Ordinal))
            .Select(a => int.Parse(a[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture))
            .DefaultIfEmpty(fallback)
            .Last();
}
