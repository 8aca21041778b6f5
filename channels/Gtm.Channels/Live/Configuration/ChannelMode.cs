using Microsoft.Extensions.Configuration;

namespace Gtm.Channels.Live.Configuration;

/// <summary>Whether a platform's campaigns run in the sandbox (the default) or on the platform itself.</summary>
public enum ChannelMode
{
    Sandbox,
    Live,
}

public static class ChannelModes
{
    /// <summary>
    /// Reads <c>Gtm:Channels:{P}:Mode</c>. Read while services are registered, because the mode
    /// decides which adapter is registered; a value other than sandbox or live stops start-up.
    /// </summary>
    public static ChannelMode Read(IConfiguration configuration, ChannelPlatform platform)
    {
        string setting = platform.Setting("Mode");
        return configuration[setting]?.Trim().ToUpperInvariant() switch
        {
            null or "" or "SANDBOX" => ChannelMode.Sandbox,
            "LIVE" => ChannelMode.Live,
            _ => throw new InvalidOperationException($"App setting '{setting}' must be 'sandbox' or 'live', not '{configuration[setting]}'."),
        };
    }
}
