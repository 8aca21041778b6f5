using System.Globalization;
using Gtm.Durable.Backend;
using Gtm.Durable.History;

namespace Gtm.Durable.InMemory;

public sealed partial class InMemoryOrchestrationService
{
    public Task CreateInstanceAsync(
        InstanceState state,
        InstanceMessage start,
        IReadOnlyCollection<OrchestrationRuntimeStatus> dedupeStatuses,
        CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (instances.TryGetValue(state.InstanceId, out InstanceRecord? existing) && existing.State is { } current)
            {
                if (dedupeStatuses.Contains(current.Status))
                {
                    throw new OrchestrationAlreadyExistsException(
                        $"An orchestration with instance id '{state.InstanceId}' already exists and is {current.Status}.");
                }

                instances.Remove(state.InstanceId);
            }

            var record = new InstanceRecord(state.InstanceId) { State = state };
            instances.Add(state.InstanceId, record);
            Deliver(start);
        }

        changed.Pulse();
        return Task.CompletedTask;
    }

    public Task SendMessageAsync(InstanceMessage message, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            Deliver(message);
        }

        changed.Pulse();
        return Task.CompletedTask;
    }

    public Task<InstanceState?> GetStateAsync(string instanceId, bool includePayloads, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            InstanceState? state = instances.GetValueOrDefault(instanceId)?.State;
            return Task.FromResult(state is null || includePayloads ? state : WithoutPayloads(state));
        }
    }

    public Task<InstancePage> QueryAsync(InstanceQuery query, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        int offset = continuationToken is null ? 0 : int.Parse(continuationToken, CultureInfo.InvariantCulture);
        lock (gate)
        {
            List<InstanceState> matching = [.. instances.Values
                .Select(record => record.State)
                .OfType<InstanceState>()
                .Where(query.Matches)
                .OrderBy(state => state.CreatedAt)
                .ThenBy(state => state.InstanceId, StringComparer.Ordinal)];
            List<InstanceState> page = [.. matching.Skip(offset).Take(query.PageSize)
                .Select(state => query.FetchInputsAndOutputs ? state : WithoutPayloads(state))];
            int next = offset + page.Count;
            return Task.FromResult(new InstancePage(page, next < matching.Count ? next.ToString(CultureInfo.InvariantCulture) : null));
        }
    }

    public Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            bool finished = instances.TryGetValue(instanceId, out InstanceRecord? record) && record.State is { } state && state.Status.IsTerminal();
            return Task.FromResult(finished && instances.Remove(instanceId));
        }
    }

    public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlyList<HistoryEvent> history = instances.TryGetValue(instanceId, out InstanceRecord? record) ? [.. record.History] : [];
            return Task.FromResult(history);
        }
    }

    public Task<IReadOnlyList<PoisonMessage>> GetPoisonMessagesAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<PoisonMessage>>([.. poison]);
        }
    }

    private static InstanceState WithoutPayloads(InstanceState state) => state with { Input = null, Output = null, CustomStatus = null };
}
