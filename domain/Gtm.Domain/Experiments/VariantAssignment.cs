using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Gtm.Domain.Experiments;

/// <summary>
/// Deterministic assignment of SPEC C8: a recipient's or audience's key is hashed with the test id, so
/// the same key sees the same variant on every send, in every process, with nothing stored. Two hashes
/// are used: the bucket decides who is in the pilot, a second independent one which variant a pilot
/// member sees. Because the split does not depend on the pilot share, widening the test (up to the
/// whole audience) keeps every earlier member on the variant they already saw.
/// </summary>
public static class VariantAssignment
{
    private const string SplitSalt = "split";

    /// <summary>
    /// A number in [0, 1), uniform over keys, from SHA-256 of the test id and the key: the first 53 bits of
    /// the digest, read big-endian, over 2^53. The same inputs give the same number on every platform.
    /// </summary>
    public static double Bucket(string testId, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(testId);
        ArgumentException.ThrowIfNullOrEmpty(key);
        return Uniform(testId, key);
    }

    /// <summary>
    /// The variant the key sees, 0 being the control: keys whose <see cref="Bucket"/> is below
    /// <paramref name="pilotShare"/> are in the pilot and split equally among the <paramref name="variants"/>
    /// by a second hash salted with "split"; everyone else is outside the pilot, gets null, and sees the
    /// control. A pilot share of 1 puts the whole audience in the test.
    /// </summary>
    public static int? Assign(string testId, string key, double pilotShare, int variants)
    {
        ArgumentException.ThrowIfNullOrEmpty(testId);
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (!(pilotShare > 0 && pilotShare <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(pilotShare), pilotShare, "The pilot share must be above 0 and at most 1.");
        }

        if (variants is < ExperimentArguments.MinVariants or > ExperimentArguments.MaxVariants)
        {
            throw new ArgumentOutOfRangeException(nameof(variants), variants, $"An A/B test has {ExperimentArguments.MinVariants} to {ExperimentArguments.MaxVariants} variants.");
        }

        if (Uniform(testId, key) >= pilotShare)
        {
            return null;
        }

        return Math.Min(variants - 1, (int)(Uniform(SplitSalt, testId, key) * variants));
    }

    /// <summary>
    /// Each part is written as its UTF-8 length (4 bytes, big-endian) and then its bytes, so no two
    /// different lists of parts hash the same input ("ab" + "c" is not "a" + "bc").
    /// </summary>
    private static double Uniform(params string[] parts)
    {
        byte[] input = new byte[parts.Sum(p => 4 + Encoding.UTF8.GetByteCount(p))];
        int at = 0;
        foreach (string part in parts)
        {
            int length = Encoding.UTF8.GetBytes(part, input.AsSpan(at + 4));
            BinaryPrimitives.WriteInt32BigEndian(input.AsSpan(at), length);
            at += 4 + length;
        }

        ulong bits = BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(input)) >> 11;
        return bits * (1.0 / (1UL << 53));
    }
}
