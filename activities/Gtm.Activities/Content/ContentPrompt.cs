using System.Globalization;
using System.Text;
using Gtm.Domain.Content;
using Gtm.Domain.Ventures;
using Microsoft.Extensions.AI;

namespace Gtm.Activities.Content;

/// <summary>
/// The messages that ask the content model for one campaign's copy: the venture's value
/// proposition and pillars, the segment and its persona, the channel's elements with their limits,
/// the number of variants, the texts that did well before, the texts to avoid and the reviewers'
/// comments.
/// </summary>
public static class ContentPrompt
{
    public const string Instructions =
        "You write marketing copy for a venture's go-to-market campaigns. Answer with one JSON object only: " +
        "one property per content element, each a list of new variants of that element. " +
        "Every variant must fit its element's character limit, counting every character including spaces; " +
        "a variant over its limit is rejected, so stay well within it. The variants of an element must differ from one another. " +
        "Use the venture's own words and claims, in plain English, and promise nothing the brief does not support.";

    /// <param name="proven">Per element, texts that did well in earlier campaigns for this segment type and channel.</param>
    public static IList<ChatMessage> Messages(ContentRequest request, IReadOnlyDictionary<string, IReadOnlyList<string>> proven) =>
        [new ChatMessage(ChatRole.System, Instructions), new ChatMessage(ChatRole.User, Brief(request, proven))];

    public static string Brief(ContentRequest request, IReadOnlyDictionary<string, IReadOnlyList<string>> proven)
    {
        MarketStrategy strategy = request.Strategy;
        CustomerSegment segment = request.Segment;
        var brief = new StringBuilder();
        void Line(string text) => brief.Append(text).Append('\n');
        void List(string heading, IEnumerable<string> items)
        {
            Line(heading);
            foreach (string item in items)
            {
                Line("- " + item);
            }
        }

        Line($"Venture: {strategy.VentureName}");
        Line($"Value proposition: {strategy.ValueProposition}");
        Line($"Positioning: {strategy.Positioning}");
        List("Messaging pillars:", strategy.MessagingPillars);
        if (strategy.Competitors.Count > 0)
        {
            Line($"Competitors (never name them): {string.Join(", ", strategy.Competitors)}");
        }

        Line("");
        Line($"Segment: {segment.Name} ({segment.Type}), about {segment.Size.ToString("N0", CultureInfo.InvariantCulture)} in {string.Join(", ", segment.Geography)}");
        Line($"Persona: {segment.Persona.Role}");
        List("Their pains:", segment.Persona.Pains);
        List("The gains they want:", segment.Persona.Gains);
        Line("");
        Line($"Channel: {request.Channel}");
        Line($"Write exactly {request.VariantsPerElement} new variants for each of these elements, each within its limit:");
        foreach ((string element, int limit) in ChannelLimits.For(request.Channel))
        {
            Line($"- {element}: at most {limit} characters{Hint(element)}");
        }

        IEnumerable<string> wellDone = ChannelLimits.For(request.Channel)
            .SelectMany(e => proven.TryGetValue(e.Element, out IReadOnlyList<string>? texts) ? texts.Select(t => $"{e.Element}: {Quote(t)}") : []);
        if (wellDone.Any())
        {
            Line("");
            List($"These texts did well in earlier campaigns for {segment.Type} segments on {request.Channel}. They are kept and shown first, so write new variants in the same spirit rather than copies:", wellDone);
        }

        if (request.Avoid is { Count: > 0 } avoid)
        {
            Line("");
            List("Do not use these texts (they lost earlier tests or reviewers rejected them), nor close copies of them:", avoid.Select(Quote));
        }

        if (request.Comments is { Count: > 0 } comments)
        {
            Line("");
            List("Reviewers' comments on the last version; address them in the new variants:", comments.Select(c => $"{c.Key}: {Quote(c.Value)}"));
        }

        return brief.ToString();
    }

    private static string Hint(string element) => element switch
    {
        "body" => " (plain text; may greet with {{first_name}} and use line breaks)",
        "call_to_action" => " (a short imperative phrase)",
        _ => "",
    };

    private static string Quote(string text) => "\"" + text.Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}
