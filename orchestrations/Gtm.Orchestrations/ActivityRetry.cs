using Gtm.Channels;
using Microsoft.DurableTask;

namespace Gtm.Orchestrations;

/// <summary>
/// How the stage's orchestrations retry an activity: five attempts from 200 ms, doubling, at most
/// 10 s apart; a platform's refusal is not retried, since the same call would be refused again.
/// </summary>
internal static class ActivityRetry
{
    public static readonly TaskOptions Standard = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromMilliseconds(200), 2, TimeSpan.FromSeconds(10))
    {
        HandleFailure = failure => !failure.IsCausedBy<ChannelRefusedException>(),
    });
}
