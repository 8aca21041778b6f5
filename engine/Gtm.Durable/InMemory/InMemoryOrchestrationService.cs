using Gtm.Durable.Backend;
using Gtm.Durable.History;
using Microsoft.Extensions.Options;

namespace Gtm.Durable.InMemory;

/// <summary>
/// The backend in process memory, on a <see cref="TimeProvider"/>: for fast tests that skip time
/// and for running without any storage emulator. Same contract and rules as Azure Storage:
/// deterministic message ids, instance locks, timers as messages that become visible later.
/// </summary>
public sealed partial class InMemoryOrchestrationService(TimeProvider timeProvider, IOptions<DurableTaskOptions> options)
    : IOrchestrationService, IOrchestrationServiceClient, IInstanceChangeNotifier
{
    /// <summary>
    /// Memory has no transaction limit (Azure Storage's is 100 operations), and every episode replays
    /// the whole history: larger batches mean far fewer replays for a wide fan-in.
    /// </summary>
    public const int MaxMessagesPerEpisode = 1000;

    private readonly Lock gate = new();
    private readonly Dictionary<string, InstanceRecord> instances = new(StringComparer.Ordinal);
    private readonly PriorityQueue<InstanceRecord, DateTime> wakeups = new();
    private readonly Queue<ActivityEntry> activityQueue = new();
    private readonly HashSet<ActivityEntry> runningActivities = [];
    private readonly List<PoisonMessage> poison = [];
    private readonly AsyncSignal changed = new();

    // Activity fetchers wait on their own signal: an orchestration's progress need not wake them.
    private readonly AsyncSignal activitiesQueued = new();
    private readonly int maxDequeueCount = options.Value.StorageProvider.MaxDequeueCount;
    private int lockedInstances;

    public Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private DateTime Now => timeProvider.GetUtcNow().UtcDateTime;

    /// <summary>Adds a message to its instance's inbox unless one with the same id is there (idempotent delivery).</summary>
    private void Deliver(InstanceMessage message)
    {
        if (!instances.TryGetValue(message.InstanceId, out InstanceRecord? record))
        {
            record = new InstanceRecord(message.InstanceId);
            instances.Add(message.InstanceId, record);
        }

        if (message.Event is ExecutionStartedEvent start && record.State is null)
        {
            record.State = new InstanceState(message.InstanceId, start.Name, start.ExecutionId, OrchestrationRuntimeStatus.Pending, Now, Now)
            {
                Input = start.Input,
                Parent = start.Parent,
                ScheduledStartAt = start.ScheduledStartTime,
            };
        }

        if (record.InboxIds.Add(message.MessageId))
        {
            record.Inbox.Add(message);
            wakeups.Enqueue(record, message.VisibleAt ?? Now);
        }
    }

    private static bool IsVisible(InstanceMessage message, DateTime now) => message.VisibleAt is null || message.VisibleAt <= now;

    private sealed class InstanceRecord(string instanceId)
    {
        public string InstanceId { get; } = instanceId;

        public InstanceState? State { get; set; }

        public List<HistoryEvent> History { get; } = [];

        public List<InstanceMessage> Inbox { get; } = [];

        public HashSet<string> InboxIds { get; } = new(StringComparer.Ordinal);

        public bool Locked { get; set; }

        public int Failures { get; set; }
    }

    private sealed class InMemoryWorkItem(InstanceRecord record, IReadOnlyList<HistoryEvent> history, IReadOnlyList<InstanceMessage> messages)
        : OrchestrationWorkItem(record.InstanceId, record.State, history, messages)
    {
        public InstanceRecord Record { get; } = record;
    }

    private sealed class ActivityEntry(ActivityRequest request)
    {
        public ActivityRequest Request { get; } = request;

        public int DequeueCount { get; set; }
    }
}
