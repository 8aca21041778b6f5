namespace Gtm.Domain.Budgeting;

/// <summary>
/// Gamma and normal draws from the caller's Random, so that a seed replays a whole allocation.
/// Written here rather than taken from a maths package: the domain stays free of dependencies and
/// the two samplers are short.
/// </summary>
internal static class GammaSampler
{
    /// <summary>
    /// Gamma(shape, rate), mean shape / rate, by Marsaglia and Tsang (2000). The method needs shape >= 1,
    /// which the posteriors always have: their priors count one conversion.
    /// </summary>
    public static double Gamma(Random random, double shape, double rate)
    {
        double d = shape - (1.0 / 3), c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal(random);
                v = 1 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            double u = Uniform(random);
            if (u < 1 - (0.0331 * x * x * x * x) || Math.Log(u) < (0.5 * x * x) + (d * (1 - v + Math.Log(v))))
            {
                return d * v / rate;
            }
        }
    }

    /// <summary>A standard normal by the polar method; the pair's second value is dropped so no state is kept between calls.</summary>
    public static double Normal(Random random)
    {
        double u, v, s;
        do
        {
            u = (2 * random.NextDouble()) - 1;
            v = (2 * random.NextDouble()) - 1;
            s = (u * u) + (v * v);
        }
        while (s >= 1 || s == 0);

        return u * Math.Sqrt(-2 * Math.Log(s) / s);
    }

    // NextDouble is in [0, 1); its complement is in (0, 1], safe to take the logarithm of.
    private static double Uniform(Random random) => 1 - random.NextDouble();
}
