namespace Gtm.Channels.Live.Http;

/// <summary>
/// What a platform said in a failed response, as its client reads the platform's error format:
/// its own message, and for a credential error the setting to correct when it is not the token.
/// </summary>
public sealed record PlatformFault(string Message, string? CredentialSetting = null);
