using System.Text.Json;
using Azure.Data.Tables;

namespace Gtm.Channels.Sandbox;

/// <summary>
/// Where the sandboxes read the copy a campaign serves: per content generation, each element's
/// variants as the product made them (the first is the control). A real platform holds the ads it
/// serves; the sandbox reads them from the product's content, so its market can answer the copy.
/// </summary>
public interface ISandboxCopySource
{
    /// <summary>The generation's elements and their variants; null while the product has not stored it.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<ExperimentVariant>>?> GenerationAsync(string ventureId, string campaignId, int generation, CancellationToken cancellation);
}

/// <summary>
/// How the sandbox market answers the copy served. A copy's quality is the mean of its served
/// texts' lifts (<see cref="SandboxScenario.CopyLift"/>; each element serves its control until an
/// A/B test promotes another variant); a campaign's click-through and conversion are scaled by its
/// served copy's quality over the launch copy's. So the launch copy answers at par as before, a
/// promoted winner or a better regenerated copy does better, and a worse one can breach the
/// guardrails. Each generation's copy is kept in the campaign's row once read.
/// </summary>
internal static class SandboxCopy
{
    private const string BaseQuality = "BaseQuality";

    /// <summary>Reads into the row the copy of each generation it serves that it does not hold yet.</summary>
    public static async Task CacheAsync(TableEntity row, ISandboxCopySource source, CancellationToken cancellation)
    {
        foreach (int generation in new[] { row.GetInt32("Creative"), row.GetInt32("CandidateCreative"), 1 }.OfType<int>().Distinct())
        {
            if (row.GetString(Key(generation)) is null
                && await source.GenerationAsync(row.GetString("VentureId")!, row.GetString("CampaignId")!, generation, cancellation).ConfigureAwait(false) is { } copy)
            {
                row[Key(generation)] = JsonSerializer.Serialize(copy);
                if (generation == 1)
                {
                    row[BaseQuality] = Quality(copy);
                }
            }
        }
    }

    /// <summary>The served copy's quality over the launch copy's; 1 while either is unknown.</summary>
    public static double Lift(TableEntity row, int generation) =>
        row.GetDouble(BaseQuality) is > 0 and var launch && Read(row, generation) is { } copy ? Quality(copy) / launch : 1;

    /// <summary>The element serves <paramref name="variantId"/> from now on, in the generation the campaign serves.</summary>
    public static void Promote(TableEntity row, string element, string variantId)
    {
        int generation = row.GetInt32("Creative") ?? 1;
        if (Read(row, generation) is not { } copy || !copy.TryGetValue(element, out IReadOnlyList<ExperimentVariant>? variants) || variants.FirstOrDefault(v => v.Id == variantId) is not { } served)
        {
            return;
        }

        var promoted = new Dictionary<string, IReadOnlyList<ExperimentVariant>>(copy, StringComparer.Ordinal) { [element] = [served, .. variants.Where(v => v != served)] };
        row[Key(generation)] = JsonSerializer.Serialize(promoted);
    }

    private static double Quality(IReadOnlyDictionary<string, IReadOnlyList<ExperimentVariant>> copy) =>
        copy.Values.Where(v => v.Count > 0).Select(v => SandboxScenario.CopyLift(v[0].Text)).DefaultIfEmpty(1).Average();

    private static Dictionary<string, IReadOnlyList<ExperimentVariant>>? Read(TableEntity row, int generation) =>
        row.GetString(Key(generation)) is { } json ? JsonSerializer.Deserialize<Dictionary<string, IReadOnlyList<ExperimentVariant>>>(json) : null;

    private static string Key(int generation) => $"Copy{generation}";
}
