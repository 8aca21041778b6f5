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

    /// <summary>
    /// An outbox this old is taken as undelivered. A crash is recovered much sooner through the
    /// crashed worker's wake-up message; this only catches what nothing else would. An activity
    /// still running after this long may run twice (activities are at-least-once).
    /// </summary>
    private static readonly TimeSpan SweepAge = TimeSpan.FromHours(1);

    /// <summary>
    /// Delivers an outbox, then deletes its row; an outbox holding one activity call alone is deleted
    /// by that call's result instead. Every step is idempotent, so a repeat after a crash is harmless.
    /// </summary>
    private async Task DeliverOutboxAsync(string instanceId, string rowKey, Outbox outbox, CancellationToken cancellationToken)
    {
        bool ownedByCall = outbox is { Activities.Count: 1, Messages.Count: 0, WakeUps.Count: 0 };

        // All at once, so that the group commits pack them into as few messages and transactions as they can.
        await Task.WhenAll(outbox.Activities.Select(request => SendActivityAsync(request, ownedByCall ? rowKey : null, cancellationToken))).ConfigureAwait(false);
        var options = new ParallelOptions { MaxDegreeOfParallelism = DeliveryParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(outbox.Messages, options, (message, ct) => new ValueTask(DeliverAsync(message, ct))).ConfigureAwait(false);
        foreach (WakeUp wake in outbox.WakeUps.DistinctBy(w => w.FireAt))
        {
            await SendWakeUpAsync(wake.InstanceId, wake.FireAt, cancellationToken).ConfigureAwait(false);
        }

        if (!ownedByCall)
        {
            await DeleteIfPresentAsync(instanceId, rowKey, cancellationToken).ConfigureAwait(false);
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
    /// Finds outbox rows older than <see cref="SweepAge"/> across the hub and delivers them: the safety
    /// net for an outbox whose delivery failed without its wake-up coming back.
    /// </summary>
    private async Task SweepOutboxesAsync(CancellationToken cancellationToken)
    {
        string filter = TableClient.CreateQueryFilter($"RowKey ge {RowKeys.OutboxPrefix} and RowKey lt {"o."}");
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(SweepInterval, timeProvider, cancellationToken).ConfigureAwait(false);
                DateTimeOffset cutoff = timeProvider.GetUtcNow() - SweepAge;
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
