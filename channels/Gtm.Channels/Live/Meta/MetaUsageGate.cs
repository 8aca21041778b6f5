using Gtm.Channels.Live.Http;

namespace Gtm.Channels.Live.Meta;

/// <summary>
/// Holds every Meta call while Meta's usage headers say the app, the ad account or the business
/// is at its limit. A short hold is waited out in the call; a longer one (Meta speaks of minutes)
/// is not worth a worker's time, so the call is turned away as retryable with the time to come
/// back, and the caller's retry waits instead.
/// </summary>
internal sealed class MetaUsageGate(TimeProvider time, TimeSpan longestWait) : CallHold(time)
{
    /// <summary>The longest hold a call waits out itself.</summary>
    public TimeSpan LongestWait => longestWait;

    /// <summary>Returns once calls may go; throws a retryable <see cref="ChannelException"/> when the hold is longer than a call waits.</summary>
    public Task WaitAsync(string channel, CancellationToken cancellation) =>
        WaitAsync(longestWait, (until, remaining) => new ChannelException(channel, $"Meta reports this app or ad account at its usage limit: calls are held until {until:u}", remaining), cancellation);
}
