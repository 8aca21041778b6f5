using System.Text.Json.Nodes;
using Gtm.Channels.Live.Configuration;
using Gtm.Channels.Live.Http;

namespace Gtm.Channels.Live.GoogleAds;

/// <summary>
/// Reads Google Ads' error body: <c>error.details[].errors[]</c> (a GoogleAdsFailure) with an
/// <c>errorCode</c> such as <c>{"campaignError":"DUPLICATE_CAMPAIGN_NAME"}</c> and a message;
/// the plain <c>error.message</c> when there are none.
/// </summary>
internal static class GoogleAdsFaults
{
    public static PlatformFault Read(string body)
    {
        JsonNode error = JsonNode.Parse(body)?["error"] ?? throw new InvalidOperationException("no error object");
        List<(string Code, string Message)> errors = [];
        foreach (JsonNode? detail in error["details"]?.AsArray() ?? [])
        {
            foreach (JsonNode? item in detail?["errors"]?.AsArray() ?? [])
            {
                string code = item?["errorCode"]?.AsObject().Select(p => p.Value?.ToString()).FirstOrDefault() ?? "";
                errors.Add((code, item?["message"]?.ToString() ?? ""));
            }
        }

        string message = errors.Count > 0
            ? string.Join("; ", errors.Select(e => e.Code.Length > 0 ? $"{e.Code}: {e.Message}" : e.Message))
            : $"{error["status"]} {error["message"]}".Trim();
        return new PlatformFault(message, CredentialSetting(errors.Select(e => e.Code)));
    }

    /// <summary>
    /// Which setting a credential error points at: the developer token's own errors, the manager
    /// account the user may not act through, otherwise (an expired or revoked token) the token.
    /// </summary>
    private static string? CredentialSetting(IEnumerable<string> codes)
    {
        ChannelPlatform google = ChannelPlatform.GoogleAds;
        foreach (string code in codes)
        {
            if (code.StartsWith("DEVELOPER_TOKEN", StringComparison.Ordinal))
            {
                return google.Setting(nameof(GoogleAdsOptions.DeveloperToken));
            }

            if (code is "USER_PERMISSION_DENIED")
            {
                return google.Setting(nameof(GoogleAdsOptions.LoginCustomerId));
            }
        }

        return null;
    }
}
