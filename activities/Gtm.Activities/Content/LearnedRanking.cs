using Gtm.Activities.Storage;
using Gtm.Domain.Content;
using Gtm.Domain.Feedback;

namespace Gtm.Activities.Content;

/// <summary>
/// What the content generator learns from (SPEC C3): copy patterns that won A/B tests for the same
/// segment type, channel and element (most wins first), then copy that respondents rated well
/// (at least <see cref="MinResponses"/> answers and an NPS of at least <see cref="MinNps"/>), best first.
/// </summary>
public sealed class LearnedRanking(AbTestStore tests, FeedbackStore feedback) : IVariantRanking
{
    public const int MinResponses = 5;
    public const int MinNps = 30;

    public async Task<ProvenCopy> ProvenPatternsAsync(string segmentType, string channel, CancellationToken cancellation)
    {
        IReadOnlyList<WinningPattern> winners = await tests.WinnersAsync(segmentType, channel, cancellation).ConfigureAwait(false);
        IReadOnlyList<ContentRating> ratings = await feedback.RatingsAsync(segmentType, channel, cancellation).ConfigureAwait(false);
        IEnumerable<(string Element, string Pattern)> wellRated = ratings
            .Where(r => r.Responses >= MinResponses && r.Summary.Nps >= MinNps)
            .Select(r => (r.Element, r.Text));
        return new(winners.Select(w => (w.Element, w.Pattern)).Concat(wellRated)
            .GroupBy(p => p.Element, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(p => p.Pattern).Distinct(StringComparer.Ordinal)], StringComparer.Ordinal));
    }
}
