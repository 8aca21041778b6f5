using Gtm.Durable.Backend;
using Gtm.Durable.History;

namespace Gtm.Durable.InMemory;

public sealed partial class InMemoryOrchestrationService
{
    public async Task<OrchestrationWorkItem?> LockNextOrchestrationWorkItemAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task signal;
            TimeSpan? untilNextWakeup = null;
            bool drained = false;
            lock (gate)
            {
                DateTime now = Now;
                while (wakeups.TryPeek(out InstanceRecord? record, out DateTime due) && due <= now)
                {
                    wakeups.Dequeue();
                    drained = true;
                    if (record.Locked || !ReferenceEquals(instances.GetValueOrDefault(record.InstanceId), record))
                    {
                        continue;
                    }

                    List<InstanceMessage> visible = [.. record.Inbox.Where(m => IsVisible(m, now)).Take(MaxMessagesPerEpisode)];
                    if (visible.Count == 0)
                    {
                        continue;
                    }

                    record.Locked = true;
                    lockedInstances++;
                    return new InMemoryWorkItem(record, [.. record.History], visible);
                }

                if (wakeups.TryPeek(out _, out DateTime next))
                {
                    untilNextWakeup = next - now;
                }

                signal = changed.NextAsync();
            }

            if (drained)
            {
                // Stale wake-ups were dropped: whoever waits for the backend to be idle should look again.
                changed.Pulse();
            }

            if (untilNextWakeup is { } delay)
            {
                using var delayCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                await Task.WhenAny(signal, Task.Delay(delay, timeProvider, delayCancellation.Token)).ConfigureAwait(false);
                await delayCancellation.CancelAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
            else
            {
                await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task CompleteOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, OrchestrationEpisode episode, CancellationToken cancellationToken)
    {
        InstanceRecord record = ((InMemoryWorkItem)workItem).Record;
        lock (gate)
        {
            if (episode.State is { } state)
            {
                record.State = state;
            }

            if (episode.StartsNewHistory || episode.State?.ExecutionId != episode.HistoryExecutionId)
            {
                record.History.Clear();
            }

            if (episode.State?.ExecutionId == episode.HistoryExecutionId)
            {
                record.History.AddRange(episode.NewHistory);
            }

            var consumed = episode.ConsumedMessageIds.ToHashSet(StringComparer.Ordinal);
            record.Inbox.RemoveAll(m => consumed.Contains(m.MessageId));
            record.InboxIds.ExceptWith(consumed);
            foreach (InstanceMessage message in episode.Messages)
            {
                Deliver(message);
            }

            foreach (ActivityRequest request in episode.Activities)
            {
                activityQueue.Enqueue(new ActivityEntry(request));
            }

            record.Failures = 0;
            Unlock(record, rewake: consumed.Count > 0);
        }

        changed.Pulse();
        if (episode.Activities.Count > 0)
        {
            activitiesQueued.Pulse();
        }
        return Task.CompletedTask;
    }

    public Task AbandonOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, Exception failure, CancellationToken cancellationToken)
    {
        InstanceRecord record = ((InMemoryWorkItem)workItem).Record;
        lock (gate)
        {
            record.Failures++;
            if (record.Failures >= maxDequeueCount)
            {
                PoisonInstance(record, workItem.Messages, failure);
            }

            Unlock(record, rewake: true);
        }

        changed.Pulse();
        return Task.CompletedTask;
    }

    /// <summary>Sets the messages aside and fails the instance, so nothing waits forever on work that cannot run.</summary>
    private void PoisonInstance(InstanceRecord record, IReadOnlyList<InstanceMessage> messages, Exception error)
    {
        DateTime now = Now;
        foreach (InstanceMessage message in messages)
        {
            poison.Add(new PoisonMessage(message.MessageId, "orchestrations", record.InstanceId, message.Event.GetType().Name, error.ToString(), now));
            record.Inbox.Remove(message);
            record.InboxIds.Remove(message.MessageId);
        }

        if (record.State is { } state && !state.Status.IsTerminal())
        {
            record.State = state with
            {
                Status = OrchestrationRuntimeStatus.Failed,
                FailureDetails = PoisonFailure(error, record.Failures),
                LastUpdatedAt = now,
                CompletedAt = now,
            };
        }

        record.Failures = 0;
    }

    private static TaskFailureDetails PoisonFailure(Exception error, int attempts) =>
        new("PoisonMessage", $"Set aside after failing {attempts} times: {error.Message}", error.StackTrace, TaskFailureDetails.FromException(error));

    /// <summary>
    /// Re-wakes the instance when visible messages remain and the episode made progress (it hit the
    /// batch limit); messages it left on purpose (a suspended instance's) wait for the next arrival.
    /// </summary>
    private void Unlock(InstanceRecord record, bool rewake)
    {
        record.Locked = false;
        lockedInstances--;
        if (rewake && record.Inbox.Any(m => IsVisible(m, Now)))
        {
            wakeups.Enqueue(record, Now);
        }
    }

    public async Task<ActivityWorkItem?> LockNextActivityWorkItemAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task signal;
            lock (gate)
            {
                if (activityQueue.TryDequeue(out ActivityEntry? entry))
                {
                    entry.DequeueCount++;
                    runningActivities.Add(entry);
                    return new InMemoryActivityWorkItem(entry);
                }

                signal = activitiesQueued.NextAsync();
            }

            await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task CompleteActivityWorkItemAsync(ActivityWorkItem workItem, HistoryEvent result, CancellationToken cancellationToken)
    {
        ActivityRequest request = workItem.Request;
        lock (gate)
        {
            runningActivities.Remove(((InMemoryActivityWorkItem)workItem).Entry);
            Deliver(new InstanceMessage(request.InstanceId, request.ResultMessageId, result, request.ExecutionId));
        }

        changed.Pulse();
        return Task.CompletedTask;
    }

    public Task AbandonActivityWorkItemAsync(ActivityWorkItem workItem, Exception failure, CancellationToken cancellationToken)
    {
        ActivityEntry entry = ((InMemoryActivityWorkItem)workItem).Entry;
        ActivityRequest request = entry.Request;
        lock (gate)
        {
            runningActivities.Remove(entry);
            if (entry.DequeueCount < maxDequeueCount)
            {
                activityQueue.Enqueue(entry);
                activitiesQueued.Pulse();
            }
            else
            {
                // Set aside, and tell the orchestration: its call fails instead of waiting forever.
                poison.Add(new PoisonMessage(request.MessageId, "activities", request.InstanceId, $"activity '{request.Name}'", failure.ToString(), Now));
                var failed = new TaskFailedEvent(Now, request.TaskId, PoisonFailure(failure, entry.DequeueCount));
                Deliver(new InstanceMessage(request.InstanceId, request.ResultMessageId, failed, request.ExecutionId));
            }
        }

        changed.Pulse();
        return Task.CompletedTask;
    }

    private sealed class InMemoryActivityWorkItem(ActivityEntry entry) : ActivityWorkItem(entry.Request, entry.DequeueCount)
    {
        public ActivityEntry Entry { get; } = entry;
    }
}
