using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gtm.Channels.Live.Meta;

/// <summary>
/// What the product keeps of a test in its study's description: the element, the variants in
/// order (the control first), the campaign's ad the control is, with its creative and ad set, and
/// that ad set's lifetime impressions and clicks when the test began, so that its counts since are
/// known (Meta reports by day, and the ad set served the whole audience before the test began).
/// </summary>
internal sealed record MetaTestRecord(string Element, IReadOnlyList<string> Variants, string ControlAdId, string ControlCreativeId, string ControlAdSetId, long ImpressionsBefore, long ClicksBefore)
{
    public string ToDescription() => new JsonObject
    {
        ["element"] = Element,
        ["variants"] = new JsonArray([.. Variants.Select(v => (JsonNode)v)]),
        ["control_ad"] = ControlAdId,
        ["control_creative"] = ControlCreativeId,
        ["control_adset"] = ControlAdSetId,
        ["impressions_before"] = ImpressionsBefore,
        ["clicks_before"] = ClicksBefore,
    }.ToJsonString();

    /// <summary>The record in a study's description; null for a study the product did not make, or one whose description was edited away.</summary>
    public static MetaTestRecord? Parse(string? description)
    {
        try
        {
            return JsonNode.Parse(description ?? "") is JsonObject record
                && record["variants"] is JsonArray { Count: >= 2 } variants
                && record["element"]?.ToString() is { Length: > 0 } element
                && record["control_ad"]?.ToString() is { Length: > 0 } ad
                && record["control_creative"]?.ToString() is { Length: > 0 } creative
                && record["control_adset"]?.ToString() is { Length: > 0 } adSet
                ? new MetaTestRecord(element, [.. variants.Select(v => v?.ToString() ?? "")], ad, creative, adSet, MetaApi.Int64(record["impressions_before"]), MetaApi.Int64(record["clicks_before"]))
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
