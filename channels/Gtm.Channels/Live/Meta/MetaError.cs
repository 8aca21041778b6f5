using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gtm.Channels.Live.Meta;

/// <summary>What kind of failure a Graph API error code stands for, whatever HTTP status it came with.</summary>
internal enum MetaErrorKind
{
    /// <summary>A usage limit (app, user, page, ad account or business use case): wait, then try again.</summary>
    RateLimited,

    /// <summary>The access token is expired, revoked or invalid.</summary>
    BadToken,

    /// <summary>The token is valid but lacks a permission (ads_management, access to the ad account).</summary>
    MissingPermission,

    /// <summary>Meta's own temporary trouble: trying again may succeed.</summary>
    Transient,

    /// <summary>Anything else: the call itself is wrong (an invalid parameter, an unknown campaign) and will be refused again.</summary>
    Refused,
}

/// <summary>
/// The Graph API's error body, <c>{"error":{"message","type","code","error_subcode","fbtrace_id"}}</c>.
/// Meta reports rate limits with 400 or 403 as often as with 429, so the code, not the status,
/// says what happened.
/// </summary>
internal sealed record MetaError(int Code, int? Subcode, string Type, string Message, string? UserMessage, string? TraceId, bool IsTransient)
{
    /// <summary>The error in <paramref name="body"/>, or null when the body is not the Graph API's error format.</summary>
    public static MetaError? Parse(string body)
    {
        JsonNode? error;
        try
        {
            error = JsonNode.Parse(body) is JsonObject root ? root["error"] : null;
        }
        catch (JsonException)
        {
            return null;
        }

        if (error is not JsonObject || error["code"] is not JsonValue code || !code.TryGetValue(out int number))
        {
            return null;
        }

        return new MetaError(
            number,
            error["error_subcode"] is JsonValue sub && sub.TryGetValue(out int subcode) ? subcode : null,
            error["type"]?.ToString() ?? "",
            error["message"]?.ToString() ?? "",
            error["error_user_msg"]?.ToString(),
            error["fbtrace_id"]?.ToString(),
            error["is_transient"] is JsonValue transient && transient.TryGetValue(out bool isTransient) && isTransient);
    }

    /// <summary>
    /// 4 (app), 17 (user), 32 (page), 341 (application) and 613 (calls within one hour) are
    /// Meta's request limits, 80000-80014 its business use case limits; 190 and 102 a bad token;
    /// 10 and 200-299 a missing permission; 1, 2 and anything flagged <c>is_transient</c> Meta's own trouble.
    /// </summary>
    public MetaErrorKind Kind => Code switch
    {
        4 or 17 or 32 or 341 or 613 or (>= 80000 and <= 80014) => MetaErrorKind.RateLimited,
        190 or 102 => MetaErrorKind.BadToken,
        10 or (>= 200 and <= 299) => MetaErrorKind.MissingPermission,
        1 or 2 => MetaErrorKind.Transient,
        _ when IsTransient => MetaErrorKind.Transient,
        _ => MetaErrorKind.Refused,
    };

    /// <summary>Meta's own message, what it would tell a person, and the ids its support asks for.</summary>
    public string Describe()
    {
        string code = Subcode is { } sub ? $"code {Code}, subcode {sub}" : $"code {Code}";
        string user = string.IsNullOrWhiteSpace(UserMessage) ? "" : $" {UserMessage}";
        string trace = TraceId is null ? "" : $", fbtrace_id {TraceId}";
        return $"{Message}{user} ({Type} {code}{trace})";
    }
}
