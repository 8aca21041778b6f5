using DurableTask.Core;
using DurableTask.Core.Query;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using CorePurgeResult = DurableTask.Core.PurgeResult;
using CoreQuery = DurableTask.Core.Query.OrchestrationQuery;
using OrchestrationQuery = Microsoft.DurableTask.Client.OrchestrationQuery;
using PurgeResult = Microsoft.DurableTask.Client.PurgeResult;

namespace Gtm.LocalRunner.Durable;

/// <summary>Queries and purges, where the provider offers them (Azure Storage and the in-memory service both do).</summary>
public sealed partial class CoreDurableTaskClient
{
    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null)
    {
        IOrchestrationServiceQueryClient queries = Require<IOrchestrationServiceQueryClient>("queries");
        return Pageable.Create(async (continuation, pageSize, cancellation) =>
        {
            var core = new CoreQuery
            {
                RuntimeStatus = filter?.Statuses?.Select(ToCore).ToList(),
                CreatedTimeFrom = filter?.CreatedFrom?.UtcDateTime,
                CreatedTimeTo = filter?.CreatedTo?.UtcDateTime,
                InstanceIdPrefix = filter?.InstanceIdPrefix,
                PageSize = pageSize ?? filter?.PageSize ?? OrchestrationQuery.DefaultPageSize,
                ContinuationToken = continuation ?? filter?.ContinuationToken,
                FetchInputsAndOutputs = filter?.FetchInputsAndOutputs ?? false,
            };
            OrchestrationQueryResult result = await queries.GetOrchestrationWithQueryAsync(core, cancellation).ConfigureAwait(false);
            return new Page<OrchestrationMetadata>([.. result.OrchestrationState.Select(s => ToMetadata(s, core.FetchInputsAndOutputs))], result.ContinuationToken);
        });
    }

    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        OrchestrationMetadata? instance = await GetInstanceAsync(instanceId, cancellation).ConfigureAwait(false);
        if (instance is null)
        {
            return new PurgeResult(0);
        }

        if (!instance.IsCompleted)
        {
            throw new InvalidOperationException($"Instance '{instanceId}' is {instance.RuntimeStatus}; only a completed, failed or terminated instance can be purged.");
        }

        CorePurgeResult result = await Require<IOrchestrationServicePurgeClient>("purges").PurgeInstanceStateAsync(instanceId).ConfigureAwait(false);
        return new PurgeResult(result.DeletedInstanceCount);
    }

    public override async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        var core = new PurgeInstanceFilter(filter.CreatedFrom?.UtcDateTime ?? DateTime.MinValue, filter.CreatedTo?.UtcDateTime, filter.Statuses?.Select(ToCore));
        CorePurgeResult result = await Require<IOrchestrationServicePurgeClient>("purges").PurgeInstanceStateAsync(core).ConfigureAwait(false);
        return new PurgeResult(result.DeletedInstanceCount);
    }

    /// <summary>The instance's history as the provider stores it (JSON), for the management API's <c>showHistory</c>.</summary>
    public async Task<string?> GetHistoryJsonAsync(string instanceId, CancellationToken cancellation)
    {
        IList<OrchestrationState> states = await service.GetOrchestrationStateAsync(instanceId, allExecutions: false).ConfigureAwait(false);
        cancellation.ThrowIfCancellationRequested();
        return states is { Count: > 0 } && states[0] is { } state
            ? await service.GetOrchestrationHistoryAsync(instanceId, state.OrchestrationInstance.ExecutionId).ConfigureAwait(false)
            : null;
    }

    private T Require<T>(string what) where T : class =>
        service as T ?? throw new NotSupportedException($"The orchestration service ({service.GetType().Name}) does not support {what}.");
}
