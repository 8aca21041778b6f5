using System.Text.RegularExpressions;
using Gtm.Domain.Ventures;

namespace Gtm.Domain.Content;

/// <summary>
/// What carries over from one venture's copy to another's: the text with the venture's own words
/// (name, value proposition, messaging pillars, the persona's role, pains and gains) replaced by
/// slots such as <c>{venture_name}</c> or <c>{pillar_2:lower}</c>. A winning headline of one
/// venture becomes, for the next venture of the same segment type, the same line in its own words.
/// </summary>
public static partial class CopyPattern
{
    /// <summary>The text with every venture word it contains turned into its slot.</summary>
    public static string Extract(string text, MarketStrategy strategy, CustomerSegment segment)
    {
        string pattern = text;
        foreach ((string slot, string value) in Slots(strategy, segment).OrderByDescending(s => s.Value.Length))
        {
            pattern = pattern.Replace(value, $"{{{slot}}}", StringComparison.Ordinal);
            string lower = CopyTemplates.Lower(value);
            if (lower != value)
            {
                pattern = pattern.Replace(lower, $"{{{slot}:lower}}", StringComparison.Ordinal);
            }
        }

        return pattern;
    }

    /// <summary>The pattern in this venture's words; null when it needs a word the venture does not have.</summary>
    public static string? Fill(string pattern, MarketStrategy strategy, CustomerSegment segment)
    {
        Dictionary<string, string> slots = Slots(strategy, segment).ToDictionary(s => s.Slot, s => s.Value, StringComparer.Ordinal);
        bool complete = true;
        string filled = SlotReference().Replace(pattern, match =>
        {
            if (!slots.TryGetValue(match.Groups["slot"].Value, out string? value))
            {
                complete = false;
                return match.Value;
            }

            return match.Groups["lower"].Success ? CopyTemplates.Lower(value) : value;
        });
        return complete ? filled : null;
    }

    private static IEnumerable<(string Slot, string Value)> Slots(MarketStrategy strategy, CustomerSegment segment)
    {
        Persona persona = segment.Persona;
        IEnumerable<(string, string)> all =
        [
            ("venture_name", strategy.VentureName),
            ("value_proposition", strategy.ValueProposition),
            ("roles", CopyTemplates.Plural(persona.Role)),
            ("role", persona.Role),
            .. strategy.MessagingPillars.Select((p, i) => ($"pillar_{i + 1}", p)),
            .. persona.Pains.Select((p, i) => ($"pain_{i + 1}", p.TrimEnd('.'))),
            .. persona.Gains.Select((g, i) => ($"gain_{i + 1}", g.TrimEnd('.'))),
        ];

        // Very short words would be found inside other words.
        return all.Where(s => s.Item2.Length >= 3);
    }

    [GeneratedRegex(@"\{(?<slot>[a-z_0-9]+)(?<lower>:lower)?\}")]
    private static partial Regex SlotReference();
}
