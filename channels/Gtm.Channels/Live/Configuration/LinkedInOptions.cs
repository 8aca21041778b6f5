namespace Gtm.Channels.Live.Configuration;

/// <summary>
/// <c>Gtm:Channels:LinkedIn</c>: the ad account, the monthly API version sent as
/// <c>LinkedIn-Version</c>, and what LinkedIn requires of every new campaign that the product
/// does not decide: the campaign group it belongs to, the locations it targets and its locale.
/// </summary>
public sealed class LinkedInOptions : LiveChannelOptions
{
    public string? AdAccountId { get; set; }

    /// <summary>YYYYMM, e.g. 202511.</summary>
    public string? Version { get; set; }

    /// <summary>The campaign group new campaigns go into (its status gates theirs: keep it ACTIVE).</summary>
    public string? CampaignGroupId { get; set; }

    /// <summary>Comma-separated geo ids the campaigns target (LinkedIn requires a location), e.g. <c>101282230</c> for Germany.</summary>
    public string? Locations { get; set; }

    /// <summary>The campaigns' locale as language_COUNTRY.</summary>
    public string Locale { get; set; } = "en_US";

    /// <summary>The geo ids in <see cref="Locations"/>.</summary>
    public IReadOnlyList<string> LocationIds => [.. (Locations ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    protected override IEnumerable<(string Name, string Problem)> PlatformProblems()
    {
        if (!IsDigits(AdAccountId))
        {
            yield return (nameof(AdAccountId), $"must be the ad account id (digits), not '{AdAccountId}'");
        }

        if (Version is not { Length: 6 } || !IsDigits(Version))
        {
            yield return (nameof(Version), $"must be the LinkedIn-Version as YYYYMM (e.g. 202511), not '{Version}'");
        }

        if (!IsDigits(CampaignGroupId))
        {
            yield return (nameof(CampaignGroupId), $"must be the id (digits) of the campaign group new campaigns go into, not '{CampaignGroupId}'");
        }

        if (LocationIds.Count == 0 || !LocationIds.All(IsDigits))
        {
            yield return (nameof(Locations), $"must list the geo ids (digits, comma-separated) the campaigns target, not '{Locations}'");
        }

        if (Locale is not { Length: 5 } || Locale[2] != '_' || !Locale[..2].All(char.IsAsciiLetterLower) || !Locale[3..].All(char.IsAsciiLetterUpper))
        {
            yield return (nameof(Locale), $"must be language_COUNTRY (e.g. en_US), not '{Locale}'");
        }
    }
}
