using Gtm.Domain.Ventures;
using Gtm.Testing;
using Gtm.Testing.Scorecard;

namespace Gtm.Domain.Tests.Scorecard;

/// <summary>The scorecard's mistaken inputs: each kind is a real mistake, and the entry gates refuse it.</summary>
[Trait("Category", "Unit")]
public sealed class RealisticMistakesTests
{
    public static TheoryData<string> Kinds() => [.. RealisticMistakes.Kinds];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_kind_of_mistake_is_refused_at_the_entry_gates_on_varied_ventures(string kind)
    {
        for (int seed = 0; seed < 40; seed++)
        {
            var body = RealisticMistakes.Body(SyntheticVentures.Create(seed));
            Assert.True(KickoffValidator.Validate(body.ToJsonString()).IsValid, $"venture {seed} must be valid before its mistake");

            RealisticMistakes.Apply(body, kind, new Random(seed));

            KickoffValidator.Result result = KickoffValidator.Validate(body.ToJsonString());
            Assert.False(result.IsValid, $"{kind} on venture {seed} got through: {body.ToJsonString()}");
        }
    }
}
