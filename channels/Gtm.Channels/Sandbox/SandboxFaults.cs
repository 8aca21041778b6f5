using System.Collections.Concurrent;

namespace Gtm.Channels.Sandbox;

/// <summary>What a sandboxed platform does instead of answering: refuse, time out, or rate-limit.</summary>
public enum SandboxFault
{
    Refuse,
    Timeout,
    RateLimit,
}

/// <summary>
/// Failures to inject, per channel and operation, for tests and demos: each queued fault is used by
/// one call. Shared by every sandbox in the process.
/// </summary>
public sealed class SandboxFaults
{
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromMilliseconds(200);

    private readonly ConcurrentDictionary<(string Channel, string Operation), ConcurrentQueue<(SandboxFault Fault, TimeSpan RetryAfter)>> queued = new();

    /// <param name="operation">provision, budget, pause, resume, get, metrics, or * for any.</param>
    /// <param name="retryAfter">For a rate limit, when the platform says to come back (200 ms unless given).</param>
    public void Inject(string channel, string operation, SandboxFault fault, int times = 1, TimeSpan? retryAfter = null)
    {
        ConcurrentQueue<(SandboxFault, TimeSpan)> queue = queued.GetOrAdd((channel, operation), _ => new());
        for (int i = 0; i < times; i++)
        {
            queue.Enqueue((fault, retryAfter ?? DefaultRetryAfter));
        }
    }

    public void Clear() => queued.Clear();

    /// <summary>Faults from a setting such as <c>linkedin:pause:Timeout:3;meta:*:RateLimit:1</c> (channel:operation:fault:times).</summary>
    public void InjectFromSetting(string? setting)
    {
        foreach (string entry in (setting ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] parts = entry.Split(':');
            if (parts.Length != 4 || !Enum.TryParse(parts[2], ignoreCase: true, out SandboxFault fault) || !int.TryParse(parts[3], out int times))
            {
                throw new ArgumentException($"Sandbox fault '{entry}' is not channel:operation:Refuse|Timeout|RateLimit:times.");
            }

            Inject(parts[0], parts[1], fault, times);
        }
    }

    internal void ThrowIfInjected(string channel, string operation)
    {
        foreach (string key in new[] { operation, "*" })
        {
            if (queued.TryGetValue((channel, key), out ConcurrentQueue<(SandboxFault, TimeSpan)>? queue) && queue.TryDequeue(out (SandboxFault Fault, TimeSpan RetryAfter) injected))
            {
                throw injected.Fault switch
                {
                    SandboxFault.Refuse => new ChannelRefusedException(channel, $"{operation} refused by the platform (400)"),
                    SandboxFault.Timeout => new ChannelException(channel, $"{operation} timed out"),
                    _ => new ChannelException(channel, $"{operation} rate-limited (429)", injected.RetryAfter),
                };
            }
        }
    }
}
