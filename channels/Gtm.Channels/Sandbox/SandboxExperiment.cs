using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Gtm.Domain.Experiments;

namespace Gtm.Channels.Sandbox;

/// <summary>
/// A running or ended A/B test in a sandbox campaign, kept in the campaign's row. Each new
/// recipient of the campaign gets a key; the test's own hash assignment puts pilot recipients on a
/// variant, and a recipient clicks through when their own draw falls under the channel's click
/// rate times the variant's lift. Lifts come from the text, so the same copy does as well in every
/// campaign and some copy is simply better.
/// </summary>
internal sealed class SandboxExperiment
{
    private const string Column = "Experiment";

    public required string TestId { get; init; }

    public required string Element { get; init; }

    public required List<Arm> Arms { get; init; }

    public required double PilotShare { get; init; }

    /// <summary>Recipients reached so far, by the campaign's total impressions (whole ones).</summary>
    public long Recipients { get; set; }

    public string? Served { get; set; }

    public bool Running => Served is null;

    public static SandboxExperiment? Read(TableEntity row) =>
        row.GetString(Column) is { } json ? JsonSerializer.Deserialize<SandboxExperiment>(json) : null;

    public void Write(TableEntity row) => row[Column] = JsonSerializer.Serialize(this);

    public static SandboxExperiment Start(ExperimentSpec spec, double impressionsSoFar) => new()
    {
        TestId = spec.TestId,
        Element = spec.Element,
        Arms = [.. spec.Variants.Select(v => new Arm { Id = v.Id, Lift = SandboxScenario.CopyLift(v.Text) })],
        PilotShare = spec.PilotShare,
        Recipients = (long)Math.Floor(impressionsSoFar),
    };

    /// <summary>The recipients reached since the last settlement answer the test.</summary>
    public void Reach(string campaignId, double impressionsNow, double clickRate)
    {
        long reached = (long)Math.Floor(impressionsNow);
        for (long n = Recipients; n < reached && Running; n++)
        {
            string key = $"{campaignId}/r{n}";
            if (VariantAssignment.Assign(TestId, key, PilotShare, Arms.Count) is int arm)
            {
                Arms[arm].Exposures++;
                if (Unit(TestId, key) < clickRate * Arms[arm].Lift)
                {
                    Arms[arm].Conversions++;
                }
            }
        }

        Recipients = Math.Max(Recipients, reached);
    }

    internal static double Unit(string salt, string key) =>
        BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"{salt}|{key}")), 0) / (ulong.MaxValue + 1.0);

    public sealed class Arm
    {
        public required string Id { get; init; }

        public required double Lift { get; init; }

        public long Exposures { get; set; }

        public long Conversions { get; set; }
    }
}
