using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gtm.Channels.Live.Meta;

/// <summary>
/// Reads Meta's usage headers into how long to hold further calls. <c>X-Business-Use-Case-Usage</c>
/// is keyed by business id, each a list of <c>{type, call_count, total_cputime, total_time,
/// estimated_time_to_regain_access}</c> (percentages, and minutes); <c>X-App-Usage</c> has the
/// app's percentages; <c>X-Ad-Account-Usage</c> the account's <c>acc_id_util_pct</c> and
/// <c>reset_time_duration</c> (seconds). A throttled business or one at the high-water mark is
/// held until Meta expects it to regain access; past the mark without such an estimate, for a
/// cool-down, as Meta's windows roll over the last hour.
/// </summary>
internal static class MetaUsage
{
    /// <summary>The percentage of any usage from which calls are held, before Meta starts refusing them.</summary>
    public const double HighWater = 95;

    public static TimeSpan CoolDown { get; } = TimeSpan.FromMinutes(1);

    /// <summary>How long to hold further calls after a response with these headers; zero when nothing is near its limit.</summary>
    public static TimeSpan Hold(HttpResponseHeaders headers)
    {
        TimeSpan hold = TimeSpan.Zero;
        foreach (JsonNode? uses in Header(headers, "X-Business-Use-Case-Usage")?.AsObject().Select(p => p.Value) ?? [])
        {
            foreach (JsonNode? use in uses as JsonArray ?? [])
            {
                double regain = Number(use?["estimated_time_to_regain_access"]);
                hold = Longer(hold, regain > 0 ? TimeSpan.FromMinutes(regain) : AtHighWater(use, "call_count", "total_cputime", "total_time") ? CoolDown : TimeSpan.Zero);
            }
        }

        if (Header(headers, "X-App-Usage") is { } app && AtHighWater(app, "call_count", "total_cputime", "total_time"))
        {
            hold = Longer(hold, CoolDown);
        }

        if (Header(headers, "X-Ad-Account-Usage") is { } account && AtHighWater(account, "acc_id_util_pct"))
        {
            double reset = Number(account["reset_time_duration"]);
            hold = Longer(hold, reset > 0 ? TimeSpan.FromSeconds(reset) : CoolDown);
        }

        return hold;
    }

    private static bool AtHighWater(JsonNode? usage, params string[] percentages) => percentages.Any(p => Number(usage?[p]) >= HighWater);

    private static TimeSpan Longer(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>The header's JSON; null when absent or malformed, which must not fail the call that carried it.</summary>
    private static JsonObject? Header(HttpResponseHeaders headers, string name)
    {
        if (!headers.TryGetValues(name, out IEnumerable<string>? values))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(string.Join(',', values)) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A number as Meta writes it: a JSON number, or now and then a string.</summary>
    private static double Number(JsonNode? value) => value switch
    {
        JsonValue v when v.TryGetValue(out double number) => number,
        JsonValue v when double.TryParse(v.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) => parsed,
        _ => 0,
    };
}
