namespace Gtm.Functions.Tests.Support.LivePlatforms;

/// <summary>
/// The ad platforms a venture's live channels talk to, each simulated on its own loopback port,
/// on one market clock (<paramref name="timeScale"/> market seconds per wall second, the app's
/// <c>Gtm:TimeScale</c>).
/// </summary>
public sealed class LivePlatforms(double timeScale) : IDisposable
{
    public HubSpotSimulation Email { get; } = new(timeScale);

    public LinkedInSimulation LinkedIn { get; } = new(timeScale);

    public GoogleAdsSimulation GoogleAds { get; } = new(timeScale);

    public MetaSimulation Meta { get; } = new(timeScale);

    public IReadOnlyList<SimulatedPlatform> All => [Email, LinkedIn, GoogleAds, Meta];

    /// <summary>The app settings that put every simulated platform's channel in live mode, pointed at its simulation.</summary>
    public Dictionary<string, string?> Settings() =>
        All.SelectMany(p => p.Settings).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    public SimulatedPlatform For(string channel) => All.Single(p => p.Channel == channel);

    public void Dispose()
    {
        foreach (SimulatedPlatform platform in All)
        {
            platform.Dispose();
        }
    }
}
