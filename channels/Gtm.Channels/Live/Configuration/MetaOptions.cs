using System.Text.RegularExpressions;

namespace Gtm.Channels.Live.Configuration;

/// <summary>
/// <c>Gtm:Channels:Meta</c>: the ad account (without its <c>act_</c> prefix), the Graph API
/// version and the objective new campaigns are created with.
/// </summary>
public sealed partial class MetaOptions : LiveChannelOptions
{
    /// <summary>Meta's outcome-driven objectives, the only ones new campaigns may take.</summary>
    public static IReadOnlySet<string> Objectives { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "OUTCOME_APP_PROMOTION", "OUTCOME_AWARENESS", "OUTCOME_ENGAGEMENT", "OUTCOME_LEADS", "OUTCOME_SALES", "OUTCOME_TRAFFIC",
    };

    public string? AdAccountId { get; set; }

    /// <summary>The Graph API version, e.g. <c>v24.0</c> (or <c>24.0</c>), as in <c>/v24.0/act_{id}/campaigns</c>.</summary>
    public string? ApiVersion { get; set; }

    /// <summary>
    /// The objective of the campaigns this product creates. Traffic by default: the product reads
    /// clicks, leads and purchases, and a traffic campaign needs no pixel or lead form to start.
    /// </summary>
    public string Objective { get; set; } = "OUTCOME_TRAFFIC";

    /// <summary>The version as the path carries it: <c>v24.0</c>.</summary>
    internal string VersionSegment => ApiVersion!.StartsWith('v') ? ApiVersion : "v" + ApiVersion;

    protected override IEnumerable<(string Name, string Problem)> PlatformProblems()
    {
        if (!IsDigits(AdAccountId))
        {
            yield return (nameof(AdAccountId), $"must be the ad account id, digits without 'act_', not '{AdAccountId}'");
        }

        if (ApiVersion is null || !Version().IsMatch(ApiVersion))
        {
            yield return (nameof(ApiVersion), $"must be the Graph API version (e.g. v24.0), not '{ApiVersion}'");
        }

        if (!Objectives.Contains(Objective))
        {
            yield return (nameof(Objective), $"must be one of {string.Join(", ", Objectives.Order(StringComparer.Ordinal))}, not '{Objective}'");
        }
    }

    [GeneratedRegex(@"^v?[0-9]+\.[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Version();
}
