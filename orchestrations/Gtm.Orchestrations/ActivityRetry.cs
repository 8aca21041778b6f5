using Gtm.Durable;

namespace Gtm.Orchestrations;

/// <summary>How the stage's orchestrations retry an activity: five attempts from 200 ms, doubling, at most 10 s apart.</summary>
internal static class ActivityRetry
{
    public static readonly TaskOptions Standard = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromMilliseconds(200), 2, TimeSpan.FromSeconds(10)));
}
