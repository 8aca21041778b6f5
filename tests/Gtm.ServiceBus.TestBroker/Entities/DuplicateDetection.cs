namespace Gtm.ServiceBus.TestBroker.Entities;

/// <summary>
/// The message ids an entity has accepted within its detection window: a message whose id is
/// among them is acknowledged to the sender and dropped, as Service Bus does.
/// </summary>
internal sealed class DuplicateDetection(TimeSpan window)
{
    private readonly Dictionary<string, DateTime> seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Id, DateTime At)> order = new();

    /// <returns>True the first time the id is seen within the window.</returns>
    public bool TryRecord(string? messageId, DateTime now)
    {
        while (order.TryPeek(out (string Id, DateTime At) oldest) && oldest.At + window <= now)
        {
            order.Dequeue();
            if (seen.TryGetValue(oldest.Id, out DateTime at) && at == oldest.At)
            {
                seen.Remove(oldest.Id);
            }
        }

        if (messageId is null)
        {
            return true;
        }

        if (seen.ContainsKey(messageId))
        {
            return false;
        }

        seen[messageId] = now;
        order.Enqueue((messageId, now));
        return true;
    }
}
