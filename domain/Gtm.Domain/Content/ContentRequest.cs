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

public sealed record ContentElement(string Kind, IReadOnlyList<ContentVariant> Variants);

public sealed record ContentVariant(string Id, string Text);

public sealed record UtmTags(string Source, string Medium, string Campaign, string? Content = null);

/// <summary>Generates a campaign's content within the channel's limits.</summary>
public interface IContentGenerator
{
    Task<CampaignContent> GenerateAsync(ContentRequest request, CancellationToken cancellation);
}

/// <summary>
/// Copy that did well before for a segment type, channel and element (A/B winners, well-rated
/// content), best first, as <see cref="CopyPattern"/>s: generators fill them with the venture's
/// own words and put them ahead of new copy.
/// </summary>
public interface IVariantRanking
{
    Task<IReadOnlyList<string>> ProvenTextsAsync(string segmentType, string channel, string element, CancellationToken cancellation);
}

public static class VariantRankingExtensions
{
    /// <summary>The proven copy for the request's segment type, channel and element, in the venture's own words.</summary>
    public static async Task<IReadOnlyList<string>> ProvenCopyAsync(this IVariantRanking ranking, ContentRequest request, string element, CancellationToken cancellation) =>
        [.. (await ranking.ProvenTextsAsync(request.Segment.Type, request.Channel, element, cancellation).ConfigureAwait(false))
            .Select(pattern => CopyPattern.Fill(pattern, request.Strategy, request.Segment)).OfType<string>()];
}

/// <summary>No history yet: nothing is ranked ahead.</summary>
public sealed class NoRanking : IVariantRanking
{
    public Task<IReadOnlyList<string>> ProvenTextsAsync(string segmentType, string channel, string element, CancellationToken cancellation) =>
        Task.FromResult<IReadOnlyList<string>>([]);
}
