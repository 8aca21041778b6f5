using Azure;
using Azure.Data.Tables;
using Gtm.Durable.Backend;
using Gtm.Durable.History;

namespace Gtm.Durable.AzureStorage;

public sealed partial class AzureStorageOrchestrationService
{
    /// <summary>Tries to create first (one request for a new id); only an id in use costs a read and maybe a purge.</summary>
    public async Task CreateInstanceAsync(
        InstanceState state,
        InstanceMessage start,
        IReadOnlyCollection<OrchestrationRuntimeStatus> dedupeStatuses,
        CancellationToken cancellationToken)
    {
        if (!await TryCreateAsync(state, start, cancellationToken).ConfigureAwait(false))
        {
            NullableResponse<TableEntity> existing = await storage.Table
                .GetEntityIfExistsAsync<TableEntity>(state.InstanceId, RowKeys.State, cancellationToken: cancellationToken).ConfigureAwait(false);
            var status = existing.HasValue && existing.Value is { } row
                ? Enum.Parse<OrchestrationRuntimeStatus>(row.GetString("Status"))
                : OrchestrationRuntimeStatus.Pending;
            if (dedupeStatuses.Contains(status))
            {
                throw AlreadyExists(state.InstanceId, status);
            }

            await DeletePartitionAsync(state.InstanceId, cancellationToken).ConfigureAwait(false);
            if (!await TryCreateAsync(state, start, cancellationToken).ConfigureAwait(false))
            {
                throw AlreadyExists(state.InstanceId, OrchestrationRuntimeStatus.Pending);
            }
        }

        await SendWakeUpAsync(state.InstanceId, start.VisibleAt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>$state and the start message in one transaction; false when the instance exists.</summary>
    private async Task<bool> TryCreateAsync(InstanceState state, InstanceMessage start, CancellationToken cancellationToken)
    {
        TableEntity stateRow = await codec.StateEntityAsync(state, 0, cancellationToken).ConfigureAwait(false);
        TableEntity inbox = await codec.InboxEntityAsync(start, Now, cancellationToken).ConfigureAwait(false);
        return await TrySubmitAsync([new(TableTransactionActionType.Add, stateRow), new(TableTransactionActionType.Add, inbox)], cancellationToken).ConfigureAwait(false);
    }

    private static OrchestrationAlreadyExistsException AlreadyExists(string instanceId, OrchestrationRuntimeStatus status) =>
        new($"An orchestration with instance id '{instanceId}' already exists and is {status}.");

    public Task SendMessageAsync(InstanceMessage message, CancellationToken cancellationToken) => DeliverAsync(message, cancellationToken);

    public async Task<InstanceState?> GetStateAsync(string instanceId, bool includePayloads, CancellationToken cancellationToken)
    {
        NullableResponse<TableEntity> row = await storage.Table
            .GetEntityIfExistsAsync<TableEntity>(instanceId, RowKeys.State, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue && row.Value is { } state ? await codec.ReadStateAsync(state, includePayloads, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>
    /// Pages through $state rows. Only the row key and id range are filtered by the table service
    /// (Azurite handles little more); status and time are filtered here, so a page may hold fewer
    /// than the page size, and the continuation token is the service's.
    /// </summary>
    public async Task<InstancePage> QueryAsync(InstanceQuery query, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        string filter = query.InstanceIdPrefix is { Length: > 0 } prefix
            ? TableClient.CreateQueryFilter($"RowKey eq {RowKeys.State} and PartitionKey ge {prefix} and PartitionKey lt {prefix + char.MaxValue}")
            : TableClient.CreateQueryFilter($"RowKey eq {RowKeys.State}");
        Azure.AsyncPageable<TableEntity> rows = storage.Table.QueryAsync<TableEntity>(filter, query.PageSize, cancellationToken: cancellationToken);
        await foreach (Azure.Page<TableEntity> page in rows.AsPages(continuationToken, query.PageSize).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var states = new List<InstanceState>();
            foreach (TableEntity row in page.Values)
            {
                InstanceState state = await codec.ReadStateAsync(row, query.FetchInputsAndOutputs, cancellationToken).ConfigureAwait(false);
                if (query.Matches(state))
                {
                    states.Add(state);
                }
            }

            return new InstancePage(states, page.ContinuationToken);
        }

        return new InstancePage([], null);
    }

    public async Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        InstanceState? state = await GetStateAsync(instanceId, includePayloads: false, cancellationToken).ConfigureAwait(false);
        if (state is null || !state.Status.IsTerminal())
        {
            return false;
        }

        await DeletePartitionAsync(instanceId, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        PartitionRows rows = await PartitionRows.LoadAsync(storage.Table, instanceId, cancellationToken).ConfigureAwait(false);
        if (rows.State?.GetString("ExecutionId") is not { } executionId)
        {
            return [];
        }

        var history = new List<HistoryEvent>();
        foreach (TableEntity chunk in rows.HistoryOf(executionId))
        {
            history.AddRange(await codec.ReadHistoryAsync(chunk, cancellationToken).ConfigureAwait(false));
        }

        return history;
    }

    /// <summary>Deletes every row of an instance (transactions of 100) and its payload blobs.</summary>
    private async Task DeletePartitionAsync(string instanceId, CancellationToken cancellationToken)
    {
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}");
        var rows = new List<TableEntity>();
        await foreach (TableEntity row in storage.Table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        foreach (TableEntity[] batch in rows.Chunk(100))
        {
            await storage.Table.SubmitTransactionAsync([.. batch.Select(row => new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All))], cancellationToken).ConfigureAwait(false);
        }

        await codec.Payloads.DeletePrefixAsync($"{instanceId}/", cancellationToken).ConfigureAwait(false);
    }
}
