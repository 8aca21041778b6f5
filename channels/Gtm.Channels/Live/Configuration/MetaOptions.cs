namespace Gtm.Channels.Live.Configuration;

/// <summary><c>Gtm:Channels:Meta</c>: the ad account (without its <c>act_</c> prefix) and the Graph API version.</summary>
public sealed class MetaOptions : LiveChannelOptions
{
    public string? AdAccountId { get; set; }

    /// <summary>The Graph API version, e.g. <c>v24.0</c>.</summary>
    public string? ApiVersion { get; set; }

    protected override IEnumerable<(string Name, string Problem)> PlatformProblems()
    {
        if (!IsDigits(AdAccountId))
        {
            yield return (nameof(AdAccountId), $"must be the ad account id, digits without 'act_', not '{AdAccountId}'");
        }

        if (ApiVersion is not { Length: > 1 } || ApiVersion[0] != 'v')
        {
            yield return (nameof(ApiVersion), $"must be the Graph API version (e.g. v24.0), not '{ApiVersion}'");
        }
    }
}
