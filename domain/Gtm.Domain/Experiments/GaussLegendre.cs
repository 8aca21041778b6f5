namespace Gtm.Domain.Experiments;

/// <summary>
/// The 20-point Gauss–Legendre rule on [−1, 1], exact for polynomials up to degree 39. The nodes are the
/// roots of the Legendre polynomial P₂₀, found by Newton's method from Chebyshev-like first guesses, and
/// each weight is 2 / ((1 − x²) P₂₀′(x)²).
/// </summary>
internal static class GaussLegendre
{
    public const int Order = 20;

    public static readonly (double Node, double Weight)[] Rule = Build();

    /// <summary>∫ f over [from, to] by the rule mapped onto the interval.</summary>
    public static double Integrate(double from, double to, Func<double, double> f)
    {
        double half = 0.5 * (to - from), middle = 0.5 * (to + from), sum = 0;
        foreach ((double node, double weight) in Rule)
        {
            sum += weight * f(middle + (half * node));
        }

        return sum * half;
    }

    private static (double, double)[] Build()
    {
        var rule = new (double, double)[Order];
        for (int i = 0; i < Order; i++)
        {
            double x = Math.Cos(Math.PI * (i + 0.75) / (Order + 0.5));
            for (int iteration = 0; iteration < 100; iteration++)
            {
                (double value, double slope) = Legendre(x);
                double step = value / slope;
                x -= step;
                if (Math.Abs(step) < 1e-15)
                {
                    break;
                }
            }

            (_, double derivative) = Legendre(x);
            rule[i] = (x, 2 / ((1 - (x * x)) * derivative * derivative));
        }

        return rule;
    }

    /// <summary>P_n(x) by the three-term recurrence (k + 1) P_(k+1) = (2k + 1) x P_k − k P_(k−1), and its derivative.</summary>
    private static (double Value, double Derivative) Legendre(double x)
    {
        double previous = 1, current = x;
        for (int k = 1; k < Order; k++)
        {
            (previous, current) = (current, ((((2 * k) + 1) * x * current) - (k * previous)) / (k + 1));
        }

        return (current, Order * ((x * current) - previous) / ((x * x) - 1));
    }
}
