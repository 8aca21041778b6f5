namespace Gtm.ServiceBus.TestBroker.Entities;

/// <summary>A topic: every message it accepts is copied to each of its subscriptions (no filters: each takes all).</summary>
public sealed class BrokerTopic
{
    private readonly Dictionary<string, BrokerQueue> subscriptions = new(StringComparer.OrdinalIgnoreCase);

    internal BrokerTopic(string path, TimeSpan? duplicateDetectionWindow)
    {
        Path = path;
        DuplicateDetectionWindow = duplicateDetectionWindow;
    }

    public string Path { get; }

    public TimeSpan? DuplicateDetectionWindow { get; }

    public IReadOnlyCollection<BrokerQueue> Subscriptions => subscriptions.Values;

    internal void Add(BrokerQueue subscription) => subscriptions.Add(subscription.Path, subscription);
}
