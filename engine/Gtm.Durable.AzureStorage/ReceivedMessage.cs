using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace Gtm.Durable.AzureStorage;

/// <summary>
/// A received queue message, shared by the entries it carries: each entry holds it, and the last
/// release deletes it. Until then it stays invisible, standing for the work not yet done.
/// </summary>
#pragma warning disable CA1001 // The semaphore's wait handle is never created, so there is nothing to dispose.
internal sealed class ReceivedMessage(QueueClient queue, QueueMessage message)
#pragma warning restore CA1001
{
    // Holders share the pop receipt, which changes with every update: one request at a time.
    private readonly SemaphoreSlim serial = new(1, 1);
    private int holders;

    public QueueClient Queue { get; } = queue;

    public string MessageId { get; } = message.MessageId;

    public string PopReceipt { get; private set; } = message.PopReceipt;

    /// <summary>How many times the message was received: more than once means earlier work on it did not finish.</summary>
    public long DequeueCount { get; } = message.DequeueCount;

    public string Body { get; } = message.Body.ToString();

    public bool IsHeld => Volatile.Read(ref holders) > 0;

    public void Hold(int count) => Interlocked.Add(ref holders, count);

    /// <summary>Releases one hold; the last one deletes the message.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref holders) == 0)
        {
            await DeleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task DeleteAsync(CancellationToken cancellationToken)
    {
        await serial.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Queue.DeleteMessageAsync(MessageId, PopReceipt, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (IsGone(ex))
        {
            // Already deleted, or our lease ran out and another worker holds it: nothing to do.
        }
        finally
        {
            serial.Release();
        }
    }

    /// <summary>Hides the message for <paramref name="visibility"/> more (zero: visible again now).</summary>
    public async Task SetVisibilityAsync(TimeSpan visibility, CancellationToken cancellationToken)
    {
        await serial.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            UpdateReceipt receipt = (await Queue.UpdateMessageAsync(MessageId, PopReceipt, visibilityTimeout: visibility, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            PopReceipt = receipt.PopReceipt;
        }
        catch (RequestFailedException ex) when (IsGone(ex))
        {
            // Gone already: the work it stood for was done or is someone else's now.
        }
        finally
        {
            serial.Release();
        }
    }

    /// <summary>Deleted (404), or received again by someone else after our lease ran out (400 pop receipt mismatch).</summary>
    private static bool IsGone(RequestFailedException ex) =>
        ex.Status == 404 || (ex.Status == 400 && ex.ErrorCode == "PopReceiptMismatch");
}
