using Gtm.Domain.Ventures;

namespace Gtm.Domain.Content;

/// <summary>What a generator needs for one campaign: the venture, the segment, the channel, how many variants.</summary>
/// <param name="Avoid">Texts to leave out (variants that lost earlier tests, or rejected by reviewers).</param>
/// <param name="Comments">Reviewers' comments per element, taken into account when regenerating.</param>
public sealed record ContentRequest(
    MarketStrategy Strategy,
    CustomerSegment Segment,
    string Channel,
    int VariantsPerElement = 3,
    IReadOnlyCollection<string>? Avoid = null,
    IReadOnlyDictionary<string, string>? Comments = null);

/// <summary>A campaign's content: one entry per element, each with its variants, and the UTM tags.</summary>
public sealed record CampaignContent(string Id, string VentureId, string SegmentId, string Channel, IReadOnlyList<ContentElement> Elements, UtmTags Utm);

public sealed record ContentElement(string Kind, IReadOnlyList<ContentVariant> Variants)
{
    /// <summary>The element with its texts as variants <c>{kind}-a</c>, <c>-b</c>, ... in the given order, as every generator names them.</summary>
    public static ContentElement Of(string kind, IEnumerable<string> texts) =>
        new(kind, [.. texts.Select((text, i) => new ContentVariant($"{kind}-{(char)('a' + i)}", text))]);
}

public sealed record ContentVariant(string Id, string Text);

public sealed record UtmTags(string Source, string Medium, string Campaign, string? Content = null);

/// <summary>Generates a campaign's content within the channel's limits.</summary>
public interface IContentGenerator
{
    Task<CampaignContent> GenerateAsync(ContentRequest request, CancellationToken cancellation);
}

/// <summary>Copy that did well before, per element, best first: copy patterns from a ranking, or texts once filled in.</summary>
public sealed record ProvenCopy(IReadOnlyDictionary<string, IReadOnlyList<string>> ByElement)
{
    public static ProvenCopy None { get; } = new(new Dictionary<string, IReadOnlyList<string>>());

    public IReadOnlyList<string> For(string element) => ByElement.TryGetValue(element, out IReadOnlyList<string>? texts) ? texts : [];
}

/// <summary>
/// Copy that did well before for a segment type and channel (A/B winners, well-rated content), per
/// element and best first, as <see cref="CopyPattern"/>s: generators fill them with the venture's
/// own words and put them ahead of new copy. One call serves a whole campaign.
/// </summary>
public interface IVariantRanking
{
    Task<ProvenCopy> ProvenPatternsAsync(string segmentType, string channel, CancellationToken cancellation);
}

public static class VariantRankingExtensions
{
    /// <summary>The proven copy for the request's segment type and channel, in the venture's own words.</summary>
    public static async Task<ProvenCopy> ProvenCopyAsync(this IVariantRanking ranking, ContentRequest request, CancellationToken cancellation)
    {
        ProvenCopy patterns = await ranking.ProvenPatternsAsync(request.Segment.Type, request.Channel, cancellation).ConfigureAwait(false);
        return new(patterns.ByElement.ToDictionary(
            e => e.Key,
            e => (IReadOnlyList<string>)[.. e.Value.Select(pattern => CopyPattern.Fill(pattern, request.Strategy, request.Segment)).OfType<string>()],
            StringComparer.Ordinal));
    }
}

/// <summary>No history yet: nothing is ranked ahead.</summary>
public sealed class NoRanking : IVariantRanking
{
    public Task<ProvenCopy> ProvenPatternsAsync(string segmentType, string channel, CancellationToken cancellation) => Task.FromResult(ProvenCopy.None);
}
