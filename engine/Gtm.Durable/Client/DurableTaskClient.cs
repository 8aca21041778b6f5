using Gtm.Durable.Backend;
using Gtm.Durable.History;
using Gtm.Durable.Serialization;

namespace Gtm.Durable;

/// <summary>Starts, signals, reads and removes orchestration instances.</summary>
public sealed class DurableTaskClient(IOrchestrationServiceClient backend, DataConverter converter, TimeProvider timeProvider)
{
    private static readonly OrchestrationRuntimeStatus[] ActiveStatuses =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    public async Task<string> ScheduleNewOrchestrationInstanceAsync(
        string orchestratorName,
        object? input = null,
        StartOrchestrationOptions? options = null,
        CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);
        string instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        InstanceIds.Validate(instanceId);
        string executionId = Guid.NewGuid().ToString("N");
        DateTime now = timeProvider.GetUtcNow().UtcDateTime;
        DateTime? startAt = options?.StartAt?.UtcDateTime;
        string? serializedInput = converter.Serialize(input);
        var state = new InstanceState(instanceId, orchestratorName, executionId, OrchestrationRuntimeStatus.Pending, now, now)
        {
            Input = serializedInput,
            ScheduledStartAt = startAt,
        };
        var start = new InstanceMessage(
            instanceId,
            MessageIds.Start(executionId),
            new ExecutionStartedEvent(now, orchestratorName, executionId, serializedInput, ScheduledStartTime: startAt),
            executionId,
            startAt);
        OrchestrationRuntimeStatus[] dedupe = [.. ActiveStatuses.Union(options?.DedupeStatuses ?? [])];
        await backend.CreateInstanceAsync(state, start, dedupe, cancellation).ConfigureAwait(false);
        return instanceId;
    }

    public async Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        InstanceState? state = await backend.GetStateAsync(instanceId, getInputsAndOutputs, cancellation).ConfigureAwait(false);
        return state is null ? null : new OrchestrationMetadata(state, converter);
    }

    public AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null)
    {
        filter ??= new OrchestrationQuery();
        var query = new InstanceQuery(
            filter.Statuses,
            filter.CreatedFrom?.UtcDateTime,
            filter.CreatedTo?.UtcDateTime,
            filter.InstanceIdPrefix,
            filter.PageSize,
            filter.FetchInputsAndOutputs);
        return new AsyncPageable<OrchestrationMetadata>(async (token, pageSize, cancellation) =>
        {
            InstancePage page = await backend.QueryAsync(
                pageSize is { } size ? query with { PageSize = size } : query,
                token ?? filter.ContinuationToken,
                cancellation).ConfigureAwait(false);
            return new Page<OrchestrationMetadata>(
                [.. page.Instances.Select(state => new OrchestrationMetadata(state, converter))],
                page.ContinuationToken);
        });
    }

    public Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        WaitUntilAsync(instanceId, getInputsAndOutputs, status => status != OrchestrationRuntimeStatus.Pending, cancellation);

    public Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        WaitUntilAsync(instanceId, getInputsAndOutputs, status => status.IsTerminal(), cancellation);

    public async Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        await EnsureExistsAsync(instanceId, cancellation).ConfigureAwait(false);
        DateTime now = timeProvider.GetUtcNow().UtcDateTime;
        var raised = new EventRaisedEvent(now, eventName, converter.Serialize(eventPayload));
        await backend.SendMessageAsync(new InstanceMessage(instanceId, MessageIds.ClientEvent(), raised), cancellation).ConfigureAwait(false);
    }

    public Task TerminateInstanceAsync(string instanceId, object? output = null, CancellationToken cancellation = default) =>
        SendControlAsync(instanceId, now => new ExecutionTerminatedEvent(now, converter.Serialize(output)), cancellation);

    public Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendControlAsync(instanceId, now => new ExecutionSuspendedEvent(now, reason), cancellation);

    public Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendControlAsync(instanceId, now => new ExecutionResumedEvent(now, reason), cancellation);

    /// <summary>Removes a finished instance with its history; a running one is left alone (count 0).</summary>
    public async Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellation = default) =>
        new(await backend.PurgeAsync(instanceId, cancellation).ConfigureAwait(false) ? 1 : 0);

    public async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        IReadOnlyCollection<OrchestrationRuntimeStatus> statuses = filter.Statuses is { Count: > 0 } requested
            ? [.. requested.Where(status => status.IsTerminal())]
            : [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];
        var query = new OrchestrationQuery(filter.CreatedFrom, filter.CreatedTo, statuses);
        var finished = new List<string>();
        await foreach (OrchestrationMetadata instance in GetAllInstancesAsync(query).WithCancellation(cancellation).ConfigureAwait(false))
        {
            finished.Add(instance.InstanceId);
        }

        int purged = 0;
        foreach (string instanceId in finished)
        {
            purged += (await PurgeInstanceAsync(instanceId, cancellation).ConfigureAwait(false)).PurgedInstanceCount;
        }

        return new PurgeResult(purged);
    }

    public Task<IReadOnlyList<HistoryEvent>> GetOrchestrationHistoryAsync(string instanceId, CancellationToken cancellation = default) =>
        backend.GetHistoryAsync(instanceId, cancellation);

    public Task<IReadOnlyList<PoisonMessage>> GetPoisonMessagesAsync(CancellationToken cancellation = default) =>
        backend.GetPoisonMessagesAsync(cancellation);

    private async Task SendControlAsync(string instanceId, Func<DateTime, HistoryEvent> create, CancellationToken cancellation)
    {
        await EnsureExistsAsync(instanceId, cancellation).ConfigureAwait(false);
        HistoryEvent control = create(timeProvider.GetUtcNow().UtcDateTime);
        await backend.SendMessageAsync(new InstanceMessage(instanceId, MessageIds.Control(), control), cancellation).ConfigureAwait(false);
    }

    private async Task EnsureExistsAsync(string instanceId, CancellationToken cancellation)
    {
        InstanceIds.Validate(instanceId);
        if (await backend.GetStateAsync(instanceId, includePayloads: false, cancellation).ConfigureAwait(false) is null)
        {
            throw new OrchestrationNotFoundException($"No orchestration instance with id '{instanceId}' exists.");
        }
    }

    private static readonly Task NeverChanges = new TaskCompletionSource().Task;

    /// <summary>
    /// Polls with a backoff from 10 ms to 1 s: cheap for quick instances, gentle on storage for slow
    /// ones. A change committed in this process ends the wait early.
    /// </summary>
    private async Task<OrchestrationMetadata> WaitUntilAsync(
        string instanceId,
        bool getInputsAndOutputs,
        Func<OrchestrationRuntimeStatus, bool> done,
        CancellationToken cancellation)
    {
        TimeSpan delay = TimeSpan.FromMilliseconds(10);
        var notifier = backend as IInstanceChangeNotifier;
        while (true)
        {
            Task changed = notifier?.NextChangeAsync() ?? NeverChanges;
            OrchestrationMetadata? instance = await GetInstanceAsync(instanceId, getInputsAndOutputs, cancellation).ConfigureAwait(false);
            if (instance is not null && done(instance.RuntimeStatus))
            {
                return instance;
            }

            await Task.WhenAny(changed, Task.Delay(delay, cancellation)).ConfigureAwait(false);
            cancellation.ThrowIfCancellationRequested();
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
        }
    }
}
