using Amqp;
using Gtm.ServiceBus.TestBroker.Entities;

namespace Gtm.ServiceBus.TestBroker;

/// <summary>
/// What a Service Bus namespace holds: its queues and topics with their messages, locks and
/// duplicate-detection history. The listener in front of it (<see cref="TestBroker"/>) can stop and
/// start again while this stays, as a namespace outlives any connection to it.
/// </summary>
public sealed class BrokerNamespace : IAsyncDisposable
{
    private readonly object gate = new();
    private readonly TimeProvider time;
    private readonly Dictionary<string, BrokerQueue> queues = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, BrokerTopic> topics = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DuplicateDetection> duplicates = new(StringComparer.OrdinalIgnoreCase);
    private readonly ITimer lockSweep;

    /// <param name="time">The clock for locks and duplicate detection (a fake one lets a test move past a window).</param>
    public BrokerNamespace(TimeProvider? time = null)
    {
        this.time = time ?? TimeProvider.System;
        lockSweep = this.time.CreateTimer(_ => ExpireLocks(), null, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200));
    }

    public BrokerQueue CreateQueue(string name, EntitySettings? settings = null)
    {
        var queue = new BrokerQueue(name, settings ?? new EntitySettings(), gate, time);
        lock (gate)
        {
            queues.Add(name, queue);
            queues.Add(queue.DeadLetterQueue!.Path, queue.DeadLetterQueue);
            if (queue.Settings.DuplicateDetectionWindow is { } window)
            {
                duplicates.Add(name, new DuplicateDetection(window));
            }
        }

        return queue;
    }

    /// <summary>A topic with one subscription per name, each receivable at <c>{topic}/Subscriptions/{name}</c>.</summary>
    public BrokerTopic CreateTopic(string name, IEnumerable<string> subscriptionNames, EntitySettings? settings = null)
    {
        settings ??= new EntitySettings();
        var topic = new BrokerTopic(name, settings.DuplicateDetectionWindow);
        lock (gate)
        {
            topics.Add(name, topic);
            foreach (string subscriptionName in subscriptionNames)
            {
                var subscription = new BrokerQueue($"{name}/Subscriptions/{subscriptionName}", settings with { DuplicateDetectionWindow = null }, gate, time);
                topic.Add(subscription);
                queues.Add(subscription.Path, subscription);
                queues.Add(subscription.DeadLetterQueue!.Path, subscription.DeadLetterQueue);
            }

            if (settings.DuplicateDetectionWindow is { } window)
            {
                duplicates.Add(name, new DuplicateDetection(window));
            }
        }

        return topic;
    }

    /// <summary>The queue, subscription or dead-letter queue receivers attach to at <paramref name="path"/> (case-insensitive, as Service Bus names are).</summary>
    public BrokerQueue Queue(string path) => TryGetQueue(path) ?? throw new KeyNotFoundException($"The namespace has no queue or subscription '{path}'.");

    internal BrokerQueue? TryGetQueue(string path)
    {
        lock (gate)
        {
            return queues.GetValueOrDefault(path.TrimEnd('/'));
        }
    }

    internal bool CanSendTo(string path)
    {
        lock (gate)
        {
            return topics.ContainsKey(path) || (queues.TryGetValue(path, out BrokerQueue? queue) && queue.DeadLetterQueue is not null && !queue.Path.Contains("/Subscriptions/", StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>Accepts a message sent to a queue or topic; a duplicate within the detection window is dropped.</summary>
    /// <returns>False when it was a duplicate.</returns>
    internal bool Send(string path, Message message)
    {
        DateTime now = time.GetUtcNow().UtcDateTime;
        BrokerQueue[] targets;
        lock (gate)
        {
            if (duplicates.TryGetValue(path, out DuplicateDetection? detection) && !detection.TryRecord(message.Properties?.MessageId?.ToString(), now))
            {
                return false;
            }

            targets = topics.TryGetValue(path, out BrokerTopic? topic) ? [.. topic.Subscriptions] : [queues[path]];
        }

        foreach (BrokerQueue target in targets)
        {
            target.Enqueue(BrokeredMessage.From(message, target.NextSequenceNumber(), now));
        }

        return true;
    }

    private void ExpireLocks()
    {
        BrokerQueue[] all;
        lock (gate)
        {
            all = [.. queues.Values];
        }

        foreach (BrokerQueue queue in all)
        {
            queue.ExpireLocks();
        }
    }

    public ValueTask DisposeAsync() => lockSweep.DisposeAsync();
}
