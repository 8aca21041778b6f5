using System.Text.RegularExpressions;

namespace Gtm.Functions.Tests.Support.LivePlatforms;

/// <summary>
/// The part of the Google Ads Query Language the simulation answers: <c>SELECT f, ... FROM
/// resource [WHERE condition AND ...]</c>, each condition <c>field = value</c>, <c>!=</c> or
/// <c>LIKE 'pattern'</c> (<c>%</c> any run, <c>_</c> one character), values quoted or numbers.
/// Anything else is not parsed, and the simulation refuses it as Google refuses a bad query.
/// </summary>
internal sealed partial record GaqlQuery(IReadOnlyList<string> Fields, string Resource, IReadOnlyList<GaqlCondition> Conditions)
{
    public static GaqlQuery? Parse(string text)
    {
        Match query = Query().Match(text);
        if (!query.Success)
        {
            return null;
        }

        List<GaqlCondition> conditions = [];
        string where = query.Groups["where"].Value;
        foreach (string part in where.Length == 0 ? [] : where.Split(" AND "))
        {
            Match condition = Condition().Match(part);
            if (!condition.Success)
            {
                return null;
            }

            conditions.Add(new GaqlCondition(condition.Groups["field"].Value, condition.Groups["op"].Value, condition.Groups["value"].Value.Trim('\'')));
        }

        string[] fields = [.. query.Groups["fields"].Value.Split(',', StringSplitOptions.TrimEntries)];
        return new GaqlQuery(fields, query.Groups["resource"].Value, conditions);
    }

    [GeneratedRegex(@"^SELECT (?<fields>[a-z_.]+(?:, [a-z_.]+)*) FROM (?<resource>[a-z_]+)(?: WHERE (?<where>.+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Query();

    [GeneratedRegex(@"^(?<field>[a-z_.]+) (?<op>=|!=|LIKE) (?<value>'[^']*'|[0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Condition();
}

internal sealed record GaqlCondition(string Field, string Operator, string Value)
{
    public bool Holds(string actual) => Operator switch
    {
        "=" => actual == Value,
        "!=" => actual != Value,
        _ => Regex.IsMatch(actual, "^" + Regex.Escape(Value).Replace("%", ".*", StringComparison.Ordinal).Replace("_", ".", StringComparison.Ordinal) + "$", RegexOptions.Singleline | RegexOptions.CultureInvariant),
    };
}
