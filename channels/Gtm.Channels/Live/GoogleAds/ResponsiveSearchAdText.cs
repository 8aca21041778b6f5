using System.Text.Json.Nodes;

namespace Gtm.Channels.Live.GoogleAds;

/// <summary>
/// A tested element's text in a responsive search ad. Google assembles each impression from the
/// ad's headlines and descriptions, so a test of one element pins its variant's text to the first
/// position (HEADLINE_1, DESCRIPTION_1), where every impression shows it; the rest of the ad is
/// left as the content team made it. A text already in the ad is moved, not repeated, and a full
/// ad (15 headlines, 4 descriptions) gives up its last unpinned one.
/// </summary>
internal static class ResponsiveSearchAdText
{
    /// <summary>The product's elements for Google Ads: the RSA field each is, its first position and the field's limit.</summary>
    private static readonly Dictionary<string, (string Field, string Mask, string Position, int Most)> Elements = new(StringComparer.Ordinal)
    {
        ["headline"] = ("headlines", "responsive_search_ad.headlines", "HEADLINE_1", 15),
        ["description"] = ("descriptions", "responsive_search_ad.descriptions", "DESCRIPTION_1", 4),
    };

    public static bool Tests(string element) => Elements.ContainsKey(element);

    /// <summary>The RSA fields a query reads for <paramref name="element"/>.</summary>
    public static string Field(string element) => $"ad_group_ad.ad.responsive_search_ad.{Elements[element].Field}";

    /// <summary>The <c>ads:mutate</c> update that pins <paramref name="text"/> first in the ad's element.</summary>
    public static JsonObject Pin(JsonNode adRow, string element, string text)
    {
        (string field, string mask, string position, int most) = Elements[element];
        JsonNode ad = adRow["adGroupAd"]?["ad"] ?? throw new ArgumentException("the row holds no ad", nameof(adRow));
        List<JsonObject> assets = [.. (ad["responsiveSearchAd"]?[field]?.AsArray() ?? []).OfType<JsonObject>()
            .Where(a => a["text"]?.ToString() != text)
            .Select(a => a["pinnedField"]?.ToString() == position ? new JsonObject { ["text"] = a["text"]?.DeepClone() } : (JsonObject)a.DeepClone())];
        if (assets.Count >= most && assets.FindLastIndex(a => a["pinnedField"] is null) is var last and >= 0)
        {
            assets.RemoveAt(last);
        }

        assets.Insert(0, new JsonObject { ["text"] = text, ["pinnedField"] = position });
        var update = new JsonObject
        {
            ["resourceName"] = ad["resourceName"]?.ToString(),
            ["responsiveSearchAd"] = new JsonObject { [field] = new JsonArray([.. assets]) },
        };
        return new JsonObject { ["update"] = update, ["updateMask"] = mask };
    }
}
