using Gtm.Durable.History;

namespace Gtm.Durable.Replay;

internal sealed partial class ReplayOrchestrationContext
{
    private readonly Dictionary<string, LinkedList<TaskCompletionSource<string?>>> waiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<EventRaisedEvent> bufferedEvents = [];

    /// <summary>Events that arrived and were never waited for, in arrival order.</summary>
    public IReadOnlyList<EventRaisedEvent> UnprocessedEvents => bufferedEvents;

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        EnsureOrchestratorThread();
        int buffered = bufferedEvents.FindIndex(e => string.Equals(e.Name, eventName, StringComparison.OrdinalIgnoreCase));
        if (buffered >= 0)
        {
            string? payload = bufferedEvents[buffered].Input;
            bufferedEvents.RemoveAt(buffered);
            return Task.FromResult(converter.Deserialize<T>(payload)!);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        var waiter = new TaskCompletionSource<string?>();
        if (!waiters.TryGetValue(eventName, out LinkedList<TaskCompletionSource<string?>>? list))
        {
            list = new LinkedList<TaskCompletionSource<string?>>();
            waiters.Add(eventName, list);
        }

        LinkedListNode<TaskCompletionSource<string?>> node = list.AddLast(waiter);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (node.List is not null)
                {
                    list.Remove(node);
                    waiter.TrySetCanceled(cancellationToken);
                }
            });
        }

        return Deserialize<T>(waiter.Task);
    }

    /// <summary>An event completes the oldest wait for its name, or waits in the buffer for one.</summary>
    public void Raise(EventRaisedEvent raised)
    {
        if (waiters.TryGetValue(raised.Name, out LinkedList<TaskCompletionSource<string?>>? list) && list.First is { } first)
        {
            list.RemoveFirst();
            first.Value.TrySetResult(raised.Input);
            return;
        }

        bufferedEvents.Add(raised);
    }

    public void Buffer(EventRaisedEvent raised) => bufferedEvents.Add(raised);

    private async Task<T> Deserialize<T>(Task<string?> payload) => converter.Deserialize<T>(await payload)!;
}
