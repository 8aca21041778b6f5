using Gtm.Domain.Planning;

namespace Gtm.Domain.Budgeting;

/// <summary>
/// Budget shares over channels by Thompson sampling, re-run at each evaluation on the evidence so far.
/// <para>
/// Each draw samples every channel's objective per unit of spend from its posterior and allocates the
/// budget as the oracle would if the draw were the truth: floors first, then the rest to channels in
/// order of sampled rate, each up to its cap. The shares are the mean of those allocations. Plain
/// probability matching (shares weighted by the chance of being best) cannot do this: once one channel
/// is clearly best, the others all have a chance near zero, so what its cap leaves over is split evenly
/// instead of going to the second best. The mean of per-draw optimal allocations has no such gap and
/// still explores in proportion to the uncertainty: a channel gets budget in the draws that rank it high.
/// </para>
/// </summary>
public static partial class ThompsonAllocator
{
    /// <summary>Shares summing to 1, each within [Floor, Cap]; channels without evidence get an uninformative prior.</summary>
    public static IReadOnlyList<ChannelAllocation> Allocate(IReadOnlyList<ChannelBounds> channels, IReadOnlyList<ChannelEvidence> evidence, AllocationObjective objective, Random random, int draws = 2000)
    {
        Validate(channels, evidence);
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 1);

        int n = channels.Count;
        ChannelPosterior[] posteriors = ChannelPosterior.For(channels, evidence);
        double[] sampled = new double[n], allocation = new double[n], best = new double[n];
        int[] order = new int[n];
        for (int draw = 0; draw < draws; draw++)
        {
            for (int i = 0; i < n; i++)
            {
                sampled[i] = posteriors[i].Draw(random, objective);
                order[i] = i;
            }

            Array.Sort(order, (a, b) => sampled[b].CompareTo(sampled[a]));
            best[order[0]]++;
            Fill(channels, order, allocation);
        }

        // Identical posteriors cannot tell channels apart, yet the mean of random fill orders would
        // favour the channels with most room under their caps: the neutral answer is equal weights,
        // as in an equal split.
        bool indistinct = posteriors.All(p => p == posteriors[0]);
        double[] weights = [.. allocation.Select(a => indistinct ? 1 : a / draws)];

        // The mean allocation already holds floors and caps; water-filling keeps them through rounding.
        decimal[] shares = BudgetShares.Allocate(weights, [.. channels.Select(c => new BudgetShares.Bounds(c.Floor, c.Cap))]);
        return [.. channels.Select((c, i) => new ChannelAllocation(c.Channel, shares[i], best[i] / draws, posteriors[i].Mean(objective)))];
    }

    /// <summary>Adds one draw's allocation: every floor, then the rest in the given order up to each cap.</summary>
    private static void Fill(IReadOnlyList<ChannelBounds> channels, int[] order, double[] allocation)
    {
        double left = 1 - channels.Sum(c => (double)c.Floor);
        foreach (int i in order)
        {
            double extra = Math.Clamp(left, 0, (double)(channels[i].Cap - channels[i].Floor));
            allocation[i] += (double)channels[i].Floor + extra;
            left -= extra;
        }
    }
}
