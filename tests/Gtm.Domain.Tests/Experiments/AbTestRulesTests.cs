using Gtm.Domain.Experiments;

namespace Gtm.Domain.Tests.Experiments;

[Trait("Category", "Unit")]
public sealed class AbTestRulesTests
{
    [Fact]
    public void The_defaults_are_the_spec_and_valid()
    {
        var rules = new AbTestRules();

        Assert.Equal((0.95, 100L, 0.001), (rules.WinProbability, rules.MinExposuresPerVariant, rules.SrmAlpha));
        Assert.Empty(rules.Validate());
    }

    [Fact]
    public void Every_problem_is_named_by_its_pointer()
    {
        IReadOnlyList<(string Pointer, string Problem)> problems = new AbTestRules(0.5, 99, 0.06).Validate();

        Assert.Equal(["/win_probability", "/min_exposures_per_variant", "/srm_alpha"], problems.Select(p => p.Pointer));
        Assert.Contains("at least 100, not 99", problems[1].Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.0, 100, 0.001, "/win_probability")]
    [InlineData(double.NaN, 100, 0.001, "/win_probability")]
    [InlineData(0.95, 100, 0, "/srm_alpha")]
    [InlineData(0.95, 0, 0.001, "/min_exposures_per_variant")]
    public void Each_bound_is_checked(double win, long minimum, double alpha, string pointer) =>
        Assert.Equal([pointer], new AbTestRules(win, minimum, alpha).Validate().Select(p => p.Pointer));

    [Fact]
    public void The_bounds_themselves_are_allowed() => Assert.Empty(new AbTestRules(0.5001, 100, 0.05).Validate());
}
