using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Gtm.Functions.Handoffs.ServiceBus;

namespace Gtm.Functions.Tests.Support;

/// <summary>
/// The intake's relay with failures on demand: a venture's output fails as many times as the test
/// says before it goes through (or slowly, to keep messages in flight), and every call is counted.
/// </summary>
public sealed class FlakyRelay(IStage16Relay inner) : IStage16Relay
{
    private readonly ConcurrentDictionary<string, int> failuresLeft = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> calls = new(StringComparer.Ordinal);

    public TimeSpan Delay { get; set; }

    public void FailNext(string venture, int times) => failuresLeft[venture] = times;

    /// <summary>The venture's output is refused for good, as one too large for the intake queue is.</summary>
    public void Refuse(string venture) => failuresLeft[venture] = -1;

    public int Calls(string venture) => calls.GetValueOrDefault(venture);

    public async Task RelayAsync(string body, CancellationToken cancellation)
    {
        string venture = JsonNode.Parse(body)?["market_strategy"]?["venture_id"]?.GetValue<string>() ?? "";
        calls.AddOrUpdate(venture, 1, (_, n) => n + 1);
        await Task.Delay(Delay, cancellation);
        if (failuresLeft.TryGetValue(venture, out int refused) && refused < 0)
        {
            throw new Stage16RelayRefusedException($"the intake queue cannot take {venture}");
        }

        if (failuresLeft.TryGetValue(venture, out int left) && left > 0)
        {
            failuresLeft[venture] = left - 1;
            throw new InvalidOperationException($"storage unavailable for {venture}");
        }

        await inner.RelayAsync(body, cancellation);
    }
}
