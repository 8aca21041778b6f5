namespace Gtm.Domain.Content;

/// <summary>
/// Each channel's content elements and their character limits, as the platforms document them:
/// Google responsive search ads 30-character headlines and 90-character descriptions; Meta primary
/// text about 125 characters before "see more" and 40-character headlines; LinkedIn intro text 150
/// before truncation and 70-character headlines; email subject lines at most 60.
/// </summary>
public static class ChannelLimits
{
    private static readonly Dictionary<string, IReadOnlyList<(string Element, int MaxLength)>> Elements = new(StringComparer.Ordinal)
    {
        ["email"] = [("subject_line", 60), ("preheader", 100), ("body", 600), ("call_to_action", 25)],
        ["linkedin"] = [("intro_text", 150), ("headline", 70), ("call_to_action", 20)],
        ["google_ads"] = [("headline", 30), ("description", 90)],
        ["meta"] = [("primary_text", 125), ("headline", 40), ("call_to_action", 20)],
    };

    public static IReadOnlyList<(string Element, int MaxLength)> For(string channel) =>
        Elements.TryGetValue(channel, out var elements) ? elements : throw new ArgumentOutOfRangeException(nameof(channel), channel, "unknown channel");

    public static int MaxLength(string channel, string element) =>
        For(channel).FirstOrDefault(e => e.Element == element) is { MaxLength: > 0 } found
            ? found.MaxLength
            : throw new ArgumentOutOfRangeException(nameof(element), element, $"'{channel}' has no element '{element}'");
}
