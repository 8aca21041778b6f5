using Azure;
using Azure.Data.Tables;
using Gtm.Durable.Backend;
using Microsoft.Extensions.Logging;

namespace Gtm.Durable.AzureStorage;

public sealed partial class AzureStorageOrchestrationService
{
    /// <summary>Deliveries run in parallel up to this many, so a fan-out of thousands goes out quickly.</summary>
    private const int DeliveryParallelism = 32;

    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    /// <summary>Delivers an outbox, then deletes its row. Every step is idempotent, so a repeat after a crash is harmless.</summary>
    private async Task DeliverOutboxAsync(string instanceId, string rowKey, Outbox outbox, CancellationToken cancellationToken)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = DeliveryParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(outbox.Activities, options, (request, ct) => new ValueTask(SendActivityAsync(request, ct))).ConfigureAwait(false);
        await Parallel.ForEachAsync(outbox.Messages, options, (message, ct) => new ValueTask(DeliverAsync(message, ct))).ConfigureAwait(false);
        foreach (WakeUp wake in outbox.WakeUps.DistinctBy(w => w.FireAt))
        {
            await SendWakeUpAsync(wake.InstanceId, wake.FireAt, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await storage.Table.DeleteEntityAsync(instanceId, rowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Another worker delivered it too: both deliveries were idempotent.
        }
    }

    /// <summary>Outbox rows left by a worker that died between its commit and its delivery.</summary>
    private async Task DeliverLeftoverOutboxesAsync(IEnumerable<TableEntity> rows, CancellationToken cancellationToken)
    {
        foreach (TableEntity row in rows)
        {
            Outbox outbox = await codec.ReadOutboxAsync(row, cancellationToken).ConfigureAwait(false);
            await DeliverOutboxAsync(row.PartitionKey, row.RowKey, outbox, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Finds outbox rows older than a lease across the hub and delivers them: the safety net for an
    /// instance whose wake-up was lost with the outbox it should have delivered.
    /// </summary>
    private async Task SweepOutboxesAsync(CancellationToken cancellationToken)
    {
        string filter = TableClient.CreateQueryFilter($"RowKey ge {RowKeys.OutboxPrefix} and RowKey lt {"o."}");
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(SweepInterval, timeProvider, cancellationToken).ConfigureAwait(false);
                DateTimeOffset cutoff = timeProvider.GetUtcNow() - settings.ControlQueueVisibilityTimeout;
                var stale = new List<TableEntity>();
                await foreach (TableEntity row in storage.Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    if (row.Timestamp < cutoff)
                    {
                        stale.Add(row);
                    }
                }

                await DeliverLeftoverOutboxesAsync(stale, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (RequestFailedException ex)
            {
                LogSweepFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping leftover outboxes failed; the next sweep tries again")]
    private partial void LogSweepFailed(Exception error);
}
