"""Expected values for the Experiments tests, computed independently of the C# code with mpmath
(pip install mpmath) at 40 significant digits by adaptive quadrature. Slow (minutes); run by hand."""
from mpmath import mp, mpf, quad, betainc, beta, gammainc, erfc, sqrt, inf

mp.dps = 40


def pdf(x, a, b):
    return x ** (a - 1) * (1 - x) ** (b - 1) / beta(a, b)


def cdf(x, a, b):
    return betainc(a, b, 0, x, regularized=True)


def b_beats_a(a_a, b_a, a_b, b_b):
    """P(p_B > p_A) = integral of f_B(x) F_A(x) dx."""
    return quad(lambda x: pdf(x, a_b, b_b) * cdf(x, a_a, b_a), [0, mpf(a_b) / (a_b + b_b), 1])


def analyse(counts):
    """P(i best) = integral of f_i prod_{j != i} F_j, E[max] = integral of 1 - prod_j F_j, loss_i = E[max] - mean_i."""
    posteriors = [(1 + c, 1 + n - c) for n, c in counts]
    points = {mpf(0), mpf(1)}
    for a, b in posteriors:
        mean, sd = mpf(a) / (a + b), sqrt(mpf(a) * b / ((a + b) ** 2 * (a + b + 1)))
        points |= {mean + k * sd for k in range(-12, 13) if 0 < mean + k * sd < 1}
    points = sorted(points)

    def best_of(i):
        a, b = posteriors[i]
        others = [p for j, p in enumerate(posteriors) if j != i]

        def integrand(x):
            value = pdf(x, a, b)
            for c, d in others:
                value *= cdf(x, c, d)
            return value
        return quad(integrand, points)

    def not_all_below(x):
        value = mpf(1)
        for c, d in posteriors:
            value *= cdf(x, c, d)
        return 1 - value

    best = [best_of(i) for i in range(len(posteriors))]
    expected_max = quad(not_all_below, points)
    return best, [expected_max - mpf(a) / (a + b) for a, b in posteriors]


for exposures_a, conversions_a, exposures_b, conversions_b in [(1000, 100, 1000, 130), (1000, 100, 1000, 110), (10000, 500, 10000, 560)]:
    p = b_beats_a(1 + conversions_a, 1 + exposures_a - conversions_a, 1 + conversions_b, 1 + exposures_b - conversions_b)
    print("P(B > A)", exposures_a, conversions_a, exposures_b, conversions_b, mp.nstr(p, 20))

for counts in [[(1000, 100), (1000, 120), (1000, 115)], [(120, 10), (130, 15), (110, 8)], [(1000, 100), (1000, 100)], [(1000, 100), (1000, 130)]]:
    best, loss = analyse(counts)
    print(counts, "best", [mp.nstr(x, 15) for x in best], "loss", [mp.nstr(x, 15) for x in loss])

chi_square = mpf(2) * 150 ** 2 / 5150
print("5000/5300: chi-square", mp.nstr(chi_square, 20), "p", mp.nstr(erfc(sqrt(chi_square / 2)), 20))
for x, df in [("10.828", 1), ("13.816", 2), ("16.266", 3), ("18.467", 4)]:
    print("Q", x, df, mp.nstr(gammainc(mpf(df) / 2, mpf(x) / 2, inf, regularized=True), 20))
