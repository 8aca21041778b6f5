using Gtm.Channels.Live.Http;

namespace Gtm.Channels.Live.Meta;

/// <summary>
/// The fault reader <see cref="PlatformHttp"/> calls on a failed response: Meta's message with its
/// code. The status it is classified by has already been set from the code by
/// <see cref="MetaResponseHandler"/>; a token error names the access token, the default.
/// </summary>
internal static class MetaFaults
{
    public static PlatformFault Read(string body) =>
        MetaError.Parse(body) is { } error ? new PlatformFault(error.Describe()) : throw new InvalidOperationException("not a Graph API error");
}
