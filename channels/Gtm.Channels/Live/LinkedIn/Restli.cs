namespace Gtm.Channels.Live.LinkedIn;

/// <summary>
/// Rest.li 2.0 as LinkedIn's versioned API takes it in URLs: structure is written with bare
/// <c>( ) , :</c> (<c>List(a,b)</c>, <c>(start:(year:2025,month:11,day:3))</c>), so every value
/// inside is percent-encoded, those characters included (a URN's colons become <c>%3A</c>).
/// </summary>
internal static class Restli
{
    public static string Encode(string value) => Uri.EscapeDataString(value);

    public static string List(IEnumerable<string> values) => $"List({string.Join(',', values.Select(Encode))})";

    public static string Date(DateOnly date) => $"(year:{date.Year},month:{date.Month},day:{date.Day})";

    public static string AccountUrn(string id) => $"urn:li:sponsoredAccount:{id}";

    public static string CampaignUrn(string id) => $"urn:li:sponsoredCampaign:{id}";

    public static string CampaignGroupUrn(string id) => $"urn:li:sponsoredCampaignGroup:{id}";

    public static string GeoUrn(string id) => $"urn:li:geo:{id}";

    /// <summary>The id at the end of a URN (or the value itself when it is a bare id).</summary>
    public static string Id(string urnOrId) => urnOrId[(urnOrId.LastIndexOf(':') + 1)..];
}
