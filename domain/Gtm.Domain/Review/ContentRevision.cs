using Gtm.Domain.Content;

namespace Gtm.Domain.Review;

/// <summary>A rejected element's comment with the reviewer who wrote it.</summary>
public sealed record ReviewerComment(string Reviewer, ElementComment Comment);

/// <summary>
/// Turns a rejection into new content: the rejected elements are generated again with the
/// reviewers' comments as input and their texts avoided; a reviewer's own suggested text leads the
/// element (and makes that reviewer one of its authors); the other elements stay as they were.
/// </summary>
public static class ContentRevision
{
    /// <summary>The request that regenerates <paramref name="current"/>'s commented elements.</summary>
    public static ContentRequest Request(ContentRequest original, CampaignContent current, IReadOnlyList<ReviewerComment> comments)
    {
        Dictionary<string, string> byElement = comments
            .GroupBy(c => c.Comment.Element, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join(" / ", g.Select(c => c.Comment.Comment.Trim())), StringComparer.Ordinal);
        IEnumerable<string> rejectedTexts = current.Elements.Where(e => byElement.ContainsKey(e.Kind)).SelectMany(e => e.Variants).Select(v => v.Text);
        return original with
        {
            Comments = byElement,
            Avoid = [.. (original.Avoid ?? []).Concat(rejectedTexts).Distinct(StringComparer.Ordinal)],
        };
    }

    /// <summary>The revised content and the reviewers whose suggested texts it now carries.</summary>
    public static (CampaignContent Content, IReadOnlyList<string> Authors) Merge(CampaignContent current, CampaignContent regenerated, IReadOnlyList<ReviewerComment> comments)
    {
        var authors = new List<string>();
        var elements = new List<ContentElement>();
        foreach (ContentElement element in current.Elements)
        {
            List<ReviewerComment> mine = [.. comments.Where(c => c.Comment.Element == element.Kind)];
            if (mine.Count == 0)
            {
                elements.Add(element);
                continue;
            }

            List<ReviewerComment> suggested = [.. mine.Where(c => !string.IsNullOrWhiteSpace(c.Comment.SuggestedText)).Take(element.Variants.Count)];
            authors.AddRange(suggested.Select(c => c.Reviewer));
            IEnumerable<string> fresh = regenerated.Elements.FirstOrDefault(e => e.Kind == element.Kind)?.Variants.Select(v => v.Text) ?? [];
            List<string> texts = [.. suggested.Select(c => c.Comment.SuggestedText!.Trim()).Concat(fresh).Distinct(StringComparer.OrdinalIgnoreCase).Take(element.Variants.Count)];
            elements.Add(ContentElement.Of(element.Kind, texts));
        }

        return (current with { Elements = elements }, [.. authors.Distinct(StringComparer.OrdinalIgnoreCase)]);
    }
}
