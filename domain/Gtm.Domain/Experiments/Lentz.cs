namespace Gtm.Domain.Experiments;

/// <summary>
/// The modified Lentz method for a₁ / (b₁ + a₂ / (b₂ + …)): each step multiplies the value by the
/// ratio of successive convergents, with zeros nudged to a tiny number so no step divides by zero.
/// </summary>
internal struct Lentz
{
    // Just above the spacing of doubles at 1 (2.2e-16): a ratio this close to 1 no longer changes the value.
    private const double Epsilon = 3e-16;
    private const double Tiny = 1e-300;

    private double c, d;

    public Lentz(double firstNumerator, double firstDenominator)
    {
        c = 1 / Tiny;
        d = 1 / NonZero(firstDenominator);
        Value = firstNumerator * d;
    }

    public double Value { get; private set; }

    public bool Converged { get; private set; }

    public void Add(double numerator, double denominator)
    {
        d = 1 / NonZero(denominator + (numerator * d));
        c = NonZero(denominator + (numerator / c));
        double delta = c * d;
        Value *= delta;
        Converged = Math.Abs(delta - 1) < Epsilon;
    }

    private static double NonZero(double v) => Math.Abs(v) < Tiny ? Tiny : v;
}
