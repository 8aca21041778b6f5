namespace Gtm.Channels.Live.Configuration;

/// <summary><c>Gtm:Channels:GoogleAds</c>: the account the campaigns live in and the API version.</summary>
public sealed class GoogleAdsOptions : LiveChannelOptions
{
    /// <summary>The advertiser account, ten digits without dashes.</summary>
    public string? CustomerId { get; set; }

    /// <summary>The manager account the token acts through (header <c>login-customer-id</c>); unset when the token belongs to the advertiser itself.</summary>
    public string? LoginCustomerId { get; set; }

    public string? DeveloperToken { get; set; }

    /// <summary>The REST version number, e.g. 21 for <c>/v21/</c>.</summary>
    public string? ApiVersion { get; set; }

    protected override IEnumerable<(string Name, string Problem)> PlatformProblems()
    {
        if (!IsDigits(CustomerId))
        {
            yield return (nameof(CustomerId), $"must be the advertiser's customer id, digits without dashes, not '{CustomerId}'");
        }

        if (LoginCustomerId is not null && !IsDigits(LoginCustomerId))
        {
            yield return (nameof(LoginCustomerId), $"must be the manager's customer id, digits without dashes, not '{LoginCustomerId}'");
        }

        if (string.IsNullOrWhiteSpace(DeveloperToken))
        {
            yield return (nameof(DeveloperToken), "is required in live mode: the developer token of the API Center");
        }

        if (!IsDigits(ApiVersion))
        {
            yield return (nameof(ApiVersion), $"must be the API version number (e.g. 21), not '{ApiVersion}'");
        }
    }
}
