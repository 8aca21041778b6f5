using System.Globalization;
using System.Text.RegularExpressions;

namespace Gtm.Functions.Tests.Support.LivePlatforms;

/// <summary>
/// Rest.li 2.0 in a URL as LinkedIn reads it: parameters left encoded until their structure is
/// read (<c>List(a,b)</c>, <c>(start:(year:2025,month:11,day:3))</c>), each value then
/// percent-decoded on its own.
/// </summary>
internal static partial class RestliText
{
    /// <summary>The query's parameters, values still encoded (their structure is Rest.li's).</summary>
    public static Dictionary<string, string> Parameters(string? rawQuery) =>
        (rawQuery ?? "").TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal);

    /// <summary>The decoded items of <c>List(...)</c>; null when the text is not one.</summary>
    public static IReadOnlyList<string>? List(string? text) =>
        text is not null && ListPattern().Match(text) is { Success: true } match
            ? [.. match.Groups["items"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString)]
            : null;

    /// <summary>The date of <c>(start:(year:Y,month:M,day:D))</c>; null when the text is not one.</summary>
    public static DateOnly? Start(string? text) =>
        text is not null && DatePattern().Match(text) is { Success: true } match
            ? new DateOnly(Number(match, "year"), Number(match, "month"), Number(match, "day"))
            : null;

    /// <summary>The decoded names of the search finder's <c>(name:(values:List(...)))</c>.</summary>
    public static IReadOnlyList<string>? SearchedNames(string? text) =>
        text is not null && SearchPattern().Match(text) is { Success: true } match ? List(match.Groups["list"].Value) : null;

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^List\((?<items>[^()]*)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex ListPattern();

    [GeneratedRegex(@"^\(start:\(year:(?<year>[0-9]{4}),month:(?<month>[0-9]{1,2}),day:(?<day>[0-9]{1,2})\)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^\(name:\(values:(?<list>List\([^()]*\))\)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex SearchPattern();
}
