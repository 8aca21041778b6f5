namespace Gtm.Channels.Live.Configuration;

/// <summary><c>Gtm:Channels:Email</c> (HubSpot): the private app's token is all it takes.</summary>
public sealed class EmailOptions : LiveChannelOptions
{
    protected override IEnumerable<(string Name, string Problem)> PlatformProblems() => [];
}
