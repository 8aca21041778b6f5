using System.Text.Json;
using Azure.Data.Tables;
using Gtm.Durable.Backend;
using Gtm.Durable.History;
using Gtm.Durable.Serialization;

namespace Gtm.Durable.AzureStorage;

/// <summary>Maps instance state, history chunks, inbox and outbox rows to table entities and back.</summary>
internal sealed class EntityCodec(PayloadStore payloads)
{
    public static readonly JsonSerializerOptions Json = DataConverter.CreateOptions();

    public PayloadStore Payloads { get; } = payloads;

    public async Task<TableEntity> StateEntityAsync(InstanceState state, int historyChunks, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(state.InstanceId, RowKeys.State)
        {
            ["Name"] = state.Name,
            ["ExecutionId"] = state.ExecutionId,
            ["Status"] = state.Status.ToString(),
            ["CreatedAt"] = Utc(state.CreatedAt),
            ["LastUpdatedAt"] = Utc(state.LastUpdatedAt),
            ["CompletedAt"] = state.CompletedAt is { } completed ? Utc(completed) : null,
            ["ScheduledStartAt"] = state.ScheduledStartAt is { } start ? Utc(start) : null,
            ["Parent"] = state.Parent is null ? null : JsonSerializer.Serialize(state.Parent, Json),
            ["Failure"] = state.FailureDetails is null ? null : JsonSerializer.Serialize(state.FailureDetails, Json),
            ["HistoryChunks"] = historyChunks,
            ["LockOwner"] = null,
            ["LockExpiresAt"] = null,
        };
        string prefix = $"{state.InstanceId}/{state.ExecutionId}/state";
        await Payloads.WriteAsync(entity, "Input", state.Input, $"{prefix}-input", cancellationToken).ConfigureAwait(false);
        await Payloads.WriteAsync(entity, "Output", state.Output, $"{prefix}-output", cancellationToken).ConfigureAwait(false);
        await Payloads.WriteAsync(entity, "CustomStatus", state.CustomStatus, $"{prefix}-status", cancellationToken).ConfigureAwait(false);
        return entity;
    }

    public async Task<InstanceState> ReadStateAsync(TableEntity entity, bool includePayloads, CancellationToken cancellationToken)
    {
        var state = new InstanceState(
            entity.PartitionKey,
            entity.GetString("Name"),
            entity.GetString("ExecutionId"),
            Enum.Parse<OrchestrationRuntimeStatus>(entity.GetString("Status")),
            entity.GetDateTime("CreatedAt")!.Value,
            entity.GetDateTime("LastUpdatedAt")!.Value)
        {
            CompletedAt = entity.GetDateTime("CompletedAt"),
            ScheduledStartAt = entity.GetDateTime("ScheduledStartAt"),
            Parent = entity.GetString("Parent") is { } parent ? JsonSerializer.Deserialize<ParentOrchestrationInstance>(parent, Json) : null,
            FailureDetails = entity.GetString("Failure") is { } failure ? JsonSerializer.Deserialize<TaskFailureDetails>(failure, Json) : null,
        };
        if (!includePayloads)
        {
            return state;
        }

        return state with
        {
            Input = await Payloads.ReadAsync(entity, "Input", cancellationToken).ConfigureAwait(false),
            Output = await Payloads.ReadAsync(entity, "Output", cancellationToken).ConfigureAwait(false),
            CustomStatus = await Payloads.ReadAsync(entity, "CustomStatus", cancellationToken).ConfigureAwait(false),
        };
    }

    public async Task<TableEntity> HistoryEntityAsync(string instanceId, string executionId, int chunk, IReadOnlyList<HistoryEvent> events, CancellationToken cancellationToken)
    {
        string rowKey = RowKeys.History(executionId, chunk);
        var entity = new TableEntity(instanceId, rowKey);
        await Payloads.WriteAsync(entity, "Events", JsonSerializer.Serialize(events, Json), $"{instanceId}/{rowKey}", cancellationToken).ConfigureAwait(false);
        return entity;
    }

    public async Task<IReadOnlyList<HistoryEvent>> ReadHistoryAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        string? json = await Payloads.ReadAsync(entity, "Events", cancellationToken).ConfigureAwait(false);
        return json is null ? [] : JsonSerializer.Deserialize<List<HistoryEvent>>(json, Json) ?? [];
    }

    public async Task<TableEntity> InboxEntityAsync(InstanceMessage message, DateTime enqueuedAt, CancellationToken cancellationToken)
    {
        string rowKey = RowKeys.Inbox(message.MessageId);
        var entity = new TableEntity(message.InstanceId, rowKey)
        {
            ["ExecutionId"] = message.ExecutionId,
            ["VisibleAt"] = message.VisibleAt is { } visible ? Utc(visible) : null,
            ["EnqueuedAt"] = Utc(enqueuedAt),
        };
        await Payloads.WriteAsync(entity, "Event", JsonSerializer.Serialize(message.Event, Json), $"{message.InstanceId}/{rowKey}", cancellationToken).ConfigureAwait(false);
        return entity;
    }

    public async Task<InstanceMessage> ReadInboxAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        string json = await Payloads.ReadAsync(entity, "Event", cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"Inbox row {entity.PartitionKey}/{entity.RowKey} has no event.");
        return new InstanceMessage(
            entity.PartitionKey,
            entity.RowKey[RowKeys.InboxPrefix.Length..],
            JsonSerializer.Deserialize<HistoryEvent>(json, Json)!,
            entity.GetString("ExecutionId"),
            entity.GetDateTime("VisibleAt"));
    }

    public async Task<TableEntity> OutboxEntityAsync(string instanceId, string rowKey, Outbox outbox, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(instanceId, rowKey);
        await Payloads.WriteAsync(entity, "Messages", JsonSerializer.Serialize(outbox, Json), $"{instanceId}/{rowKey}", cancellationToken).ConfigureAwait(false);
        return entity;
    }

    public async Task<Outbox> ReadOutboxAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        string? json = await Payloads.ReadAsync(entity, "Messages", cancellationToken).ConfigureAwait(false);
        return json is null ? new Outbox([], [], []) : JsonSerializer.Deserialize<Outbox>(json, Json)!;
    }

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}

/// <summary>
/// What an episode sends after its commit: messages to other instances, activity work items, and
/// wake-ups for the messages it left in its own inbox (timers, continue-as-new).
/// </summary>
internal sealed record Outbox(IReadOnlyList<InstanceMessage> Messages, IReadOnlyList<ActivityRequest> Activities, IReadOnlyList<WakeUp> WakeUps)
{
    public bool IsEmpty => Messages.Count == 0 && Activities.Count == 0 && WakeUps.Count == 0;
}
