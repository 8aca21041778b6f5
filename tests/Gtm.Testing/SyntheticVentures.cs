using Bogus;
using Gtm.Domain.Ventures;

namespace Gtm.Testing;

/// <summary>Realistic, varied ventures for property tests: names, pillars, personas and channels from Bogus, seeded.</summary>
public static class SyntheticVentures
{
    private static readonly string[] SegmentTypes = ["b2b_enterprise", "b2b_smb", "b2c_mass", "b2c_premium"];
    private static readonly string[] Channels = ["email", "linkedin", "google_ads", "meta"];

    public static VentureInputs Create(int seed)
    {
        var faker = new Faker { Random = new Randomizer(seed) };
        string type = faker.PickRandom(SegmentTypes);
        string name = faker.Company.CompanyName();
        string[] kinds = [.. faker.PickRandom(Channels, faker.Random.Int(1, 4))];
        var strategy = new MarketStrategy(
            $"v-{seed}",
            name,
            $"{faker.Company.CatchPhrase()} for teams that {faker.Hacker.Verb()} {faker.Hacker.Noun()}s every day.",
            $"The {faker.Commerce.ProductAdjective().ToLowerInvariant()} choice for {faker.Name.JobArea().ToLowerInvariant()} teams.",
            [.. Enumerable.Range(0, faker.Random.Int(2, 5)).Select(_ => Capitalise(faker.Company.Bs()))],
            new Objectives(faker.Random.Long(10_000, 5_000_000), faker.Random.Long(10, 5_000), faker.Random.Decimal(1_000, 2_000_000)),
            new Budget(faker.Random.Decimal(1_000, 500_000), "EUR", faker.PickRandom("monthly", "quarterly", "total")),
            faker.Random.Int(7, 365),
            ["DE"],
            [faker.Company.CompanyName()],
            type,
            faker.Random.Bool() ? faker.Random.Decimal(0.1m, 0.9m) : null);
        var segments = Enumerable.Range(0, faker.Random.Int(1, 4)).Select(i => new CustomerSegment(
            $"s{i}",
            faker.Commerce.Department(),
            i == 0 ? type : faker.PickRandom(SegmentTypes),
            new Persona(
                faker.Name.JobTitle(),
                [.. Enumerable.Range(0, faker.Random.Int(1, 4)).Select(_ => Capitalise($"{faker.Hacker.IngVerb()} {faker.Hacker.Noun()}s takes {faker.Random.Int(2, 40)} hours a week"))],
                [.. Enumerable.Range(0, faker.Random.Int(1, 4)).Select(_ => Capitalise($"{faker.Hacker.Verb()} every {faker.Hacker.Noun()} in {faker.Random.Int(1, 9)} minutes"))]),
            faker.Random.Long(100, 10_000_000),
            ["DE"],
            [.. faker.PickRandom(kinds, faker.Random.Int(1, kinds.Length))],
            faker.Random.Decimal(5, 100_000),
            faker.Random.Int(0, 180))).ToList();
        decimal floor = Math.Round(0.5m / kinds.Length, 2);
        var channels = kinds.Select(kind => new MarketingChannel(kind, true, $"{kind}Connection", floor, 1m)).ToList();
        return new VentureInputs(strategy, segments, channels);
    }

    private static string Capitalise(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
