namespace Gtm.Durable.AzureStorage;

/// <summary>
/// Group commit: the first caller writes at once; callers that arrive while a write is in flight
/// are written together in the next one. No delay at low load, large batches under load: this is
/// how the engine stays within Azure Storage's (and Azurite's) request budget.
/// </summary>
internal sealed class GroupCommit<T>(Func<IReadOnlyList<T>, Task> write, Func<T, int> weight, int maxWeight)
{
    private readonly Lock gate = new();
    private readonly List<(T Item, TaskCompletionSource Done)> pending = [];
    private bool writing;

    /// <summary>Completes when the batch holding <paramref name="item"/> is written; faults if that write failed.</summary>
    public Task AddAsync(T item)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (gate)
        {
            pending.Add((item, done));
            start = !writing;
            writing = true;
        }

        if (start)
        {
            _ = Task.Run(DrainAsync);
        }

        return done.Task;
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            List<(T Item, TaskCompletionSource Done)> batch = [];
            lock (gate)
            {
                int total = 0;
                while (pending.Count > 0 && (batch.Count == 0 || total + weight(pending[0].Item) <= maxWeight))
                {
                    total += weight(pending[0].Item);
                    batch.Add(pending[0]);
                    pending.RemoveAt(0);
                }

                if (batch.Count == 0)
                {
                    writing = false;
                    return;
                }
            }

            try
            {
                await write([.. batch.Select(entry => entry.Item)]).ConfigureAwait(false);
                batch.ForEach(entry => entry.Done.TrySetResult());
            }
#pragma warning disable CA1031 // The failure belongs to the callers: each of their tasks faults with it.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                batch.ForEach(entry => entry.Done.TrySetException(ex));
            }
        }
    }
}
