using Gtm.Domain.Experiments;

namespace Gtm.Domain.Tests.Experiments;

[Trait("Category", "Unit")]
public sealed class VariantAssignmentTests
{
    private const int Keys = 100_000;

    private static IEnumerable<string> Audience(string prefix = "contact-") => Enumerable.Range(0, Keys).Select(i => $"{prefix}{i}");

    [Fact]
    public void The_bucket_is_the_documented_sha256_construction_on_every_platform()
    {
        // From Python's hashlib: SHA-256 over each part as a 4-byte big-endian UTF-8 length then its bytes; the
        // digest's first 8 bytes big-endian, shifted right by 11, over 2^53. The split hash puts "split" first.
        Assert.Equal(0.3029219976380977, VariantAssignment.Bucket("subject-line-test", "contact-42"));
        Assert.Equal(0.09764028716440931, VariantAssignment.Bucket("t1", "ü-ключ"));

        // Split hashes 0.4649179553655196 and 0.3606836580987737: the variant is the floor of that times the count.
        Assert.Equal((0, 1, 2), (VariantAssignment.Assign("subject-line-test", "contact-42", 1, 2), VariantAssignment.Assign("subject-line-test", "contact-42", 1, 3), VariantAssignment.Assign("subject-line-test", "contact-42", 1, 5)));
        Assert.Null(VariantAssignment.Assign("subject-line-test", "contact-42", 0.30, 2));
        Assert.Equal(1, VariantAssignment.Assign("subject-line-test", "contact-42", 0.31, 3));
        Assert.Equal(1, VariantAssignment.Assign("t1", "ü-ключ", 0.10, 5));
    }

    [Fact]
    public void The_same_inputs_give_the_same_answer_every_time()
    {
        string[] keys = [.. Audience().Take(1000)];
        int?[] first = [.. keys.Select(k => VariantAssignment.Assign("cta-test", k, 0.1, 3))];

        for (int repeat = 0; repeat < 3; repeat++)
        {
            Assert.Equal(first, keys.Select(k => VariantAssignment.Assign("cta-test", k, 0.1, 3)));
        }
    }

    [Fact]
    public void The_pilot_takes_its_share_of_the_audience_within_half_a_point()
    {
        foreach (double share in new[] { 0.05, 0.10 })
        {
            double inPilot = Audience().Count(k => VariantAssignment.Assign("headline-test", k, share, 2) is not null) / (double)Keys;

            Assert.InRange(inPilot, share - 0.005, share + 0.005);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Each_variant_gets_an_equal_share(int variants)
    {
        long[] counts = new long[variants];
        foreach (string key in Audience())
        {
            counts[VariantAssignment.Assign("offer-test", key, 1.0, variants)!.Value]++;
        }

        double[] equal = [.. Enumerable.Repeat(1.0 / variants, variants)];
        Assert.False(SampleRatio.Check(counts, equal, 0.001).Mismatch);
        Assert.All(counts, c => Assert.InRange(c / (double)Keys, (1.0 / variants) - 0.006, (1.0 / variants) + 0.006));
    }

    [Fact]
    public void Within_a_ten_percent_pilot_the_variants_split_equally()
    {
        long[] counts = new long[3];
        foreach (int variant in Audience().Select(k => VariantAssignment.Assign("pilot-test", k, 0.1, 3)).OfType<int>())
        {
            counts[variant]++;
        }

        Assert.False(SampleRatio.Check(counts, [1.0 / 3, 1.0 / 3, 1.0 / 3]).Mismatch);
    }

    [Fact]
    public void Different_tests_assign_independently()
    {
        string[] keys = [.. Audience()];
        double[] a = [.. keys.Select(k => VariantAssignment.Bucket("test-a", k))];
        double[] b = [.. keys.Select(k => VariantAssignment.Bucket("test-b", k))];
        int same = keys.Count(k => VariantAssignment.Assign("test-a", k, 1, 2) == VariantAssignment.Assign("test-b", k, 1, 2));

        // Independent uniforms have correlation 0 with a standard error of 1/√n ≈ 0.003; equal variants happen half the time.
        Assert.InRange(Correlation(a, b), -0.015, 0.015);
        Assert.InRange(same / (double)Keys, 0.495, 0.505);
    }

    [Fact]
    public void Widening_the_pilot_to_the_whole_audience_keeps_every_pilot_member_on_their_variant()
    {
        foreach (string key in Audience().Take(20_000))
        {
            int? pilot = VariantAssignment.Assign("launch-test", key, 0.1, 4);
            if (pilot is not null)
            {
                Assert.Equal(pilot, VariantAssignment.Assign("launch-test", key, 1.0, 4));
            }
        }
    }

    [Fact]
    public void Buckets_lie_in_the_unit_interval() =>
        Assert.All(Audience().Take(10_000), k => Assert.InRange(VariantAssignment.Bucket("range-test", k), 0, Math.BitDecrement(1.0)));

    [Theory]
    [InlineData(0, 2)]
    [InlineData(1.01, 2)]
    [InlineData(double.NaN, 2)]
    [InlineData(0.1, 1)]
    [InlineData(0.1, 6)]
    public void Shares_outside_the_unit_interval_and_variant_counts_outside_two_to_five_are_rejected(double share, int variants) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => VariantAssignment.Assign("t", "k", share, variants));

    [Fact]
    public void Empty_ids_are_rejected() => Assert.Throws<ArgumentException>(() => VariantAssignment.Bucket("", "k"));

    private static double Correlation(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average();
        double sxy = x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum();
        return sxy / Math.Sqrt(x.Sum(a => (a - mx) * (a - mx)) * y.Sum(b => (b - my) * (b - my)));
    }
}
