using System.Text.Json.Nodes;

namespace Gtm.Channels.Live.Meta;

/// <summary>A cell of a split test: the variant it serves (its name) and its ad sets with their status.</summary>
internal sealed record MetaStudyCell(string Name, IReadOnlyList<MetaAdSet> AdSets, int TreatmentPercentage);

internal sealed record MetaAdSet(string Id, string Status);

/// <summary>
/// An A/B test as a Meta ad study of type SPLIT_TEST, read back with its cells. Its description
/// is the product's record of the test (<see cref="MetaTestRecord"/>); a study is running until its
/// end time.
/// </summary>
internal sealed record MetaStudy(string Id, string Name, DateTimeOffset? End, IReadOnlyList<MetaStudyCell> Cells, MetaTestRecord? Record)
{
    public const string Fields = "id,name,description,start_time,end_time,cells{name,treatment_percentage,adsets{id,status}}";

    public bool Running(DateTimeOffset now) => End is not { } end || end > now;

    public MetaStudyCell? Cell(string variantId) => Cells.FirstOrDefault(c => c.Name == variantId);

    /// <summary>The ad set copies the variants are served from: every cell's but the control's.</summary>
    public IReadOnlyList<MetaAdSet> Copies => Record is null ? [] : [.. Cells.Where(c => c.Name != Record.Variants[0]).SelectMany(c => c.AdSets)];

    public static MetaStudy Read(JsonNode study) => new(
        study["id"]?.ToString() ?? "",
        study["name"]?.ToString() ?? "",
        MetaApi.Time(study["end_time"]),
        [.. (study["cells"]?["data"] as JsonArray ?? []).OfType<JsonNode>().Select(c => new MetaStudyCell(
            c["name"]?.ToString() ?? "",
            [.. (c["adsets"]?["data"] as JsonArray ?? []).OfType<JsonNode>().Select(a => new MetaAdSet(a["id"]?.ToString() ?? "", a["status"]?.ToString() ?? ""))],
            (int)MetaApi.Int64(c["treatment_percentage"])))],
        MetaTestRecord.Parse(study["description"]?.ToString()));

    /// <summary>
    /// Each cell's share of the audience in whole percent, the control's first. Meta splits the
    /// whole audience among a study's cells, so the control's cell (the campaign's own ad set) is
    /// everyone the variants' cells are not: a variant gets the pilot share divided among all the
    /// test's variants, rounded down but at least 1 %, never more than was asked; the control the rest.
    /// </summary>
    public static IReadOnlyList<int> Percentages(string channel, ExperimentSpec spec)
    {
        int variants = spec.Variants.Count;
        // A hair over the product so that 0.29 × 100 (28.999...) is 29 %, not 28 %.
        int each = Math.Max(1, (int)Math.Floor((100 * spec.PilotShare / variants) + 1e-9));
        int control = 100 - (each * (variants - 1));
        return control >= 1
            ? [control, .. Enumerable.Repeat(each, variants - 1)]
            : throw new ChannelRefusedException(channel, $"{variants - 1} variants of at least 1 % each leave no audience for the control");
    }
}
