namespace Gtm.Channels.Live.Configuration;

/// <summary><c>Gtm:Channels:LinkedIn</c>: the ad account and the monthly API version sent as <c>LinkedIn-Version</c>.</summary>
public sealed class LinkedInOptions : LiveChannelOptions
{
    public string? AdAccountId { get; set; }

    /// <summary>YYYYMM, e.g. 202511.</summary>
    public string? Version { get; set; }

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
    }
}
