using System.Globalization;
using Gtm.Domain.Ventures;

namespace Gtm.Domain.Content;

/// <summary>
/// The default generator, deterministic and offline: composes copy from the messaging pillars, the
/// persona's pains and gains and the value proposition, keeps every variant within the channel's
/// limit (shortening at word boundaries, never mid-word), drops texts to avoid, and puts proven
/// texts from earlier campaigns of the same segment type and channel first.
/// </summary>
public sealed class RuleBasedContentGenerator(IVariantRanking ranking) : IContentGenerator
{
    public async Task<CampaignContent> GenerateAsync(ContentRequest request, CancellationToken cancellation) =>
        Generate(request, await ranking.ProvenCopyAsync(request, cancellation).ConfigureAwait(false));

    /// <summary>The content for the request with <paramref name="proven"/> copy (in the venture's words) first; no I/O.</summary>
    public static CampaignContent Generate(ContentRequest request, ProvenCopy proven)
    {
        CheckVariantCount(request);
        var elements = new List<(string Element, IReadOnlyList<string> Texts)>();
        foreach ((string element, int limit) in ChannelLimits.For(request.Channel))
        {
            IEnumerable<string> fresh = CopyTemplates.Candidates(element, request);
            if (request.Comments?.ContainsKey(element) == true)
            {
                // A reviewer asked for something else: lead with the copy not shown last time.
                fresh = fresh.Skip(request.VariantsPerElement).Concat(fresh.Take(request.VariantsPerElement));
            }

            List<string> texts = [.. proven.For(element).Concat(fresh)
                .Select(text => Fit(text, limit))
                .OfType<string>()
                .Where(text => request.Avoid?.Contains(text) != true)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Take(request.VariantsPerElement)];
            if (texts.Count < 2)
            {
                throw new InvalidOperationException($"Only {texts.Count} {element} variant(s) fit {request.Channel}'s {limit}-character limit for segment '{request.Segment.Id}'.");
            }

            elements.Add((element, texts));
        }

        return Assemble(request, elements);
    }

    /// <summary>Every generator takes 2 to 5 variants per element.</summary>
    public static void CheckVariantCount(ContentRequest request)
    {
        if (request.VariantsPerElement is < 2 or > 5)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.VariantsPerElement, "Each element takes 2 to 5 variants.");
        }
    }

    /// <summary>
    /// A campaign's content from its texts per element, as every generator names it: variants
    /// <c>{element}-a</c>, <c>-b</c>, ... in the given order; the campaign id and the UTM tags from
    /// the venture, the segment and the channel.
    /// </summary>
    public static CampaignContent Assemble(ContentRequest request, IEnumerable<(string Element, IReadOnlyList<string> Texts)> elements)
    {
        string campaign = Slug($"{request.Strategy.VentureId}-{request.Segment.Id}");
        return new CampaignContent(
            $"{campaign}-{request.Channel.Replace('_', '-')}",
            request.Strategy.VentureId,
            request.Segment.Id,
            request.Channel,
            [.. elements.Select(e => ContentElement.Of(e.Element, e.Texts))],
            new UtmTags(UtmSource(request.Channel), UtmMedium(request.Channel), campaign));
    }

    /// <summary>The text if it fits, else its longest word-boundary prefix of at least two words that reads as a phrase; null if none.</summary>
    public static string? Fit(string text, int limit)
    {
        string clean = string.Join(' ', text.Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries));
        if (text.Contains('\n', StringComparison.Ordinal) && text.Length <= limit)
        {
            return text.Trim();
        }

        if (clean.Length <= limit)
        {
            return clean;
        }

        string[] words = clean.Split(' ');
        for (int count = words.Length - 1; count >= 2; count--)
        {
            string candidate = string.Join(' ', words.Take(count)).TrimEnd(',', ';', ':', '-', ' ');
            string last = candidate.Split(' ')[^1].ToLowerInvariant();
            if (candidate.Length <= limit && !DanglingWords.Contains(last))
            {
                return candidate;
            }
        }

        return null;
    }

    private static readonly HashSet<string> DanglingWords = new(StringComparer.Ordinal) { "a", "an", "the", "and", "or", "with", "for", "to", "of", "in", "on", "your", "by", "at", "from", "is", "are" };

    private static string UtmSource(string channel) => channel switch
    {
        "email" => "hubspot",
        "google_ads" => "google",
        "meta" => "facebook",
        _ => channel,
    };

    private static string UtmMedium(string channel) => channel switch
    {
        "email" => "email",
        "google_ads" => "cpc",
        _ => "paid_social",
    };

    private static string Slug(string text) =>
        string.Concat(text.ToLower(CultureInfo.InvariantCulture).Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '-'));
}
