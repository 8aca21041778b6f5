namespace Gtm.Domain.Planning;

/// <summary>
/// Shares proportional to weights, each held within its floor and cap, summing to 1. Each share is
/// clamp(level x weight, floor, cap); the total grows with the level, so the level that makes it 1
/// is found by bisection (water-filling). A channel with no weight gets what is left after the others.
/// </summary>
public static class BudgetShares
{
    public sealed record Bounds(decimal Floor, decimal Cap);

    private const double TinyWeight = 1e-9;

    public static decimal[] Allocate(IReadOnlyList<double> weights, IReadOnlyList<Bounds> bounds)
    {
        int n = weights.Count;
        if (n == 0 || bounds.Count != n)
        {
            throw new ArgumentException("One weight and one pair of bounds per channel are needed.");
        }

        if (bounds.Sum(b => b.Floor) > 1m || bounds.Sum(b => b.Cap) < 1m || bounds.Any(b => b.Floor > b.Cap))
        {
            throw new ArgumentException("Each floor must be at most its cap, the floors must add up to at most 1 and the caps to at least 1.");
        }

        double[] w = [.. weights.Select(x => Math.Max(x, TinyWeight))];
        double Share(int i, double level) => Math.Clamp(level * w[i], (double)bounds[i].Floor, (double)bounds[i].Cap);
        double Total(double level) => Enumerable.Range(0, n).Sum(i => Share(i, level));

        double low = 0, high = 1;
        while (Total(high) < 1 && high < 1e30)
        {
            high *= 2;
        }

        for (int step = 0; step < 200; step++)
        {
            double middle = (low + high) / 2;
            (low, high) = Total(middle) < 1 ? (middle, high) : (low, middle);
        }

        decimal[] shares = [.. Enumerable.Range(0, n).Select(i => Math.Round((decimal)Share(i, high), 4))];

        // Rounding may leave a hair over or under 1: the largest share with room takes it.
        decimal residue = 1m - shares.Sum();
        int adjust = Enumerable.Range(0, n).Where(i => shares[i] + residue >= bounds[i].Floor && shares[i] + residue <= bounds[i].Cap).DefaultIfEmpty(-1).MaxBy(i => i < 0 ? 0 : shares[i]);
        if (adjust >= 0)
        {
            shares[adjust] += residue;
        }

        return shares;
    }
}
