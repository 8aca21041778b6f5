namespace Gtm.Channels.Live.Meta;

/// <summary>
/// The names an A/B test gives what it makes on Meta: the study <c>gtm-test {campaign} {test}</c>,
/// and per variant the creative and the ad <c>gtm-test {campaign} {test} {variant}</c> and the ad
/// set copy, which keeps its original's name with <c> · gtm-test {campaign} {test} {variant}</c>
/// after it. Meta keeps no name unique and gives no idempotency key, so these names are how a
/// retried start finds what an earlier attempt made, and how a test is found again at all.
/// </summary>
internal static class MetaTestNames
{
    private const string Marker = "gtm-test";

    public static string Study(string campaignId, string testId) => $"{Marker} {campaignId} {testId}";

    /// <summary>What every study of the campaign's tests starts with.</summary>
    public static string CampaignStudies(string campaignId) => $"{Marker} {campaignId} ";

    public static string Variant(string campaignId, string testId, string variantId) => $"{Marker} {campaignId} {testId} {variantId}";

    /// <summary>What the ad set copy's name gets after its original's.</summary>
    public static string CopySuffix(string campaignId, string testId, string variantId) => $" · {Variant(campaignId, testId, variantId)}";

    /// <summary>Whether an ad is one a test made for a variant, not one of the content team's.</summary>
    public static bool IsTestObject(string? name) => name?.StartsWith(Marker + " ", StringComparison.Ordinal) == true;

    /// <summary>Test and variant ids go into names that are split and matched on spaces.</summary>
    public static bool IsNameable(string id) => id.Length > 0 && !id.Any(char.IsWhiteSpace);
}
