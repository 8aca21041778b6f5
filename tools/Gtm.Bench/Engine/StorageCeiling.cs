using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace Gtm.Bench.Engine;

/// <summary>Azurite's own throughput, measured with the same SDK and parallelism the engine uses: the ceiling.</summary>
internal static class StorageCeiling
{
    private const int Parallelism = 32;

    public static async Task<double> TableUpsertsPerSecondAsync(string connection, int count)
    {
        var table = new TableClient(connection, $"ceiling{Guid.NewGuid():N}"[..20]);
        await table.CreateIfNotExistsAsync();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (n, ct) =>
            await table.UpsertEntityAsync(new TableEntity($"p{n % 64}", $"r{n}") { ["Value"] = n }, cancellationToken: ct));
        double rate = count / clock.Elapsed.TotalSeconds;
        await table.DeleteAsync();
        return rate;
    }

    /// <summary>Send, receive and delete: the three calls every queue message costs.</summary>
    public static async Task<double> QueueRoundTripsPerSecondAsync(string connection, int count)
    {
        var queue = new QueueClient(connection, $"ceiling-{Guid.NewGuid():N}"[..20]);
        await queue.CreateIfNotExistsAsync();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (n, ct) =>
        {
            await queue.SendMessageAsync($"message {n}", ct);
            var received = await queue.ReceiveMessageAsync(cancellationToken: ct);
            if (received.Value is { } message)
            {
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
            }
        });
        double rate = count / clock.Elapsed.TotalSeconds;
        await queue.DeleteAsync();
        return rate;
    }
}
