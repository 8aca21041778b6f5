namespace Gtm.Domain.Experiments;

/// <summary>
/// Log-gamma, the regularized incomplete beta and the regularized upper incomplete gamma, written here
/// so the domain stays free of a maths package. Every function works in log space where the values
/// would overflow: A/B tests reach hundreds of thousands of exposures.
/// </summary>
internal static class BetaFunctions
{
    private const double Epsilon = 1e-16;
    private const int MaxIterations = 100_000;

    // Stirling's series for ln Γ(x) − ((x − ½) ln x − x + ½ ln 2π): B₂ₖ / (2k (2k − 1) x^(2k − 1)), k = 1..6.
    private static readonly double[] Stirling = [1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188, -691.0 / 360360];
    private static readonly double HalfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>
    /// ln Γ(x) for x &gt; 0: Stirling's series from 15 up, where its first omitted term is below 1e-17,
    /// and below that Γ(x) = Γ(x + n) / (x (x + 1) … (x + n − 1)).
    /// </summary>
    public static double LogGamma(double x)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(x);
        double shift = 0;
        while (x < 15)
        {
            shift += Math.Log(x);
            x++;
        }

        double inverse = 1 / x, inverseSquared = inverse * inverse, series = 0, power = inverse;
        foreach (double c in Stirling)
        {
            series += c * power;
            power *= inverseSquared;
        }

        return ((x - 0.5) * Math.Log(x)) - x + HalfLogTwoPi + series - shift;
    }

    public static double LogBeta(double a, double b) => LogGamma(a) + LogGamma(b) - LogGamma(a + b);

    /// <summary>The density of Beta(a, b) at x in (0, 1).</summary>
    public static double BetaDensity(double x, double a, double b, double logBeta) =>
        Math.Exp(((a - 1) * Math.Log(x)) + ((b - 1) * Math.Log(1 - x)) - logBeta);

    /// <summary>
    /// I_x(a, b), the CDF of Beta(a, b). The continued fraction converges fast on the side of the mean
    /// it is evaluated from, so above (a + 1) / (a + b + 2) it is taken as 1 − I_(1−x)(b, a).
    /// </summary>
    public static double RegularizedBeta(double x, double a, double b) =>
        x <= 0 ? 0
        : x >= 1 ? 1
        : x < (a + 1) / (a + b + 2) ? Tail(x, a, b)
        : 1 - Tail(1 - x, b, a);

    /// <summary>1 − I_x(a, b), computed directly so it keeps its precision where the CDF is near 1.</summary>
    public static double RegularizedBetaComplement(double x, double a, double b) => RegularizedBeta(1 - x, b, a);

    /// <summary>
    /// The x at which I_x(a, b) = p, by bisection to a relative 1e-12 (the CDF is increasing). Above the
    /// median it bisects on the complement, which keeps its precision there.
    /// </summary>
    public static double BetaQuantile(double p, double a, double b)
    {
        double low = 0, high = 1;
        bool upperTail = p > 0.5;
        double target = upperTail ? 1 - p : p;
        for (int i = 0; i < 2000 && high - low > 1e-12 * Math.Min(high, 1 - low); i++)
        {
            double middle = 0.5 * (low + high);
            bool below = upperTail ? RegularizedBetaComplement(middle, a, b) > target : RegularizedBeta(middle, a, b) < target;
            (low, high) = below ? (middle, high) : (low, middle);
        }

        return 0.5 * (low + high);
    }

    /// <summary>
    /// Q(a, x) = Γ(a, x) / Γ(a), the upper tail of Gamma(a, 1): by the power series of P = 1 − Q below
    /// x = a + 1 and by the continued fraction for Q above, each on the side where it converges quickly.
    /// </summary>
    public static double RegularizedGammaQ(double a, double x)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(a);
        ArgumentOutOfRangeException.ThrowIfNegative(x);
        if (x == 0)
        {
            return 1;
        }

        double logFront = (a * Math.Log(x)) - x - LogGamma(a);
        return x < a + 1 ? 1 - (Math.Exp(logFront) * LowerGammaSeries(a, x)) : Math.Exp(logFront) * UpperGammaFraction(a, x);
    }

    /// <summary>x^a (1 − x)^b / (a B(a, b)) times the continued fraction for I_x(a, b).</summary>
    private static double Tail(double x, double a, double b)
    {
        double logFront = (a * Math.Log(x)) + (b * Math.Log(1 - x)) - LogBeta(a, b);
        return Math.Exp(logFront) * BetaFraction(x, a, b) / a;
    }

    /// <summary>
    /// The continued fraction 1 / (1 + d₁ / (1 + d₂ / (1 + …))) for the incomplete beta, with
    /// d₂ₘ₊₁ = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)) and d₂ₘ = m (b − m) x / ((a + 2m − 1)(a + 2m)),
    /// evaluated from the front by the modified Lentz method.
    /// </summary>
    private static double BetaFraction(double x, double a, double b)
    {
        var lentz = new Lentz(1, 1);
        for (int m = 1; m <= MaxIterations; m++)
        {
            if (lentz.Converged)
            {
                return lentz.Value;
            }

            double odd = -(a + m - 1) * (a + b + m - 1) * x / ((a + (2 * m) - 2) * (a + (2 * m) - 1));
            lentz.Add(odd, 1);
            double even = m * (b - m) * x / ((a + (2 * m) - 1) * (a + (2 * m)));
            lentz.Add(even, 1);
        }

        throw new ArithmeticException($"The incomplete beta I_{x}({a}, {b}) did not converge.");
    }

    /// <summary>Σₙ xⁿ / (a (a + 1) … (a + n)): P(a, x) without its factor x^a e^(−x) / Γ(a).</summary>
    private static double LowerGammaSeries(double a, double x)
    {
        double term = 1 / a, sum = term;
        for (int n = 1; n <= MaxIterations; n++)
        {
            term *= x / (a + n);
            sum += term;
            if (Math.Abs(term) < Math.Abs(sum) * Epsilon)
            {
                return sum;
            }
        }

        throw new ArithmeticException($"The incomplete gamma P({a}, {x}) did not converge.");
    }

    /// <summary>
    /// 1 / (x + 1 − a − 1 (1 − a) / (x + 3 − a − 2 (2 − a) / (x + 5 − a − …))): Q(a, x) without its factor
    /// x^a e^(−x) / Γ(a), evaluated by the modified Lentz method.
    /// </summary>
    private static double UpperGammaFraction(double a, double x)
    {
        var lentz = new Lentz(1, x + 1 - a);
        for (int n = 1; n <= MaxIterations; n++)
        {
            if (lentz.Converged)
            {
                return lentz.Value;
            }

            lentz.Add(-n * (n - a), x + (2 * n) + 1 - a);
        }

        throw new ArithmeticException($"The incomplete gamma Q({a}, {x}) did not converge.");
    }
}
