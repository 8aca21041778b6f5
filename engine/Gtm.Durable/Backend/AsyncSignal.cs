namespace Gtm.Durable.Backend;

/// <summary>Wakes everyone waiting when something changed; a wait started after the change sees the next one.</summary>
internal sealed class AsyncSignal
{
    private readonly Lock gate = new();
    private TaskCompletionSource pulse = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task NextAsync()
    {
        lock (gate)
        {
            return pulse.Task;
        }
    }

    public void Pulse()
    {
        TaskCompletionSource current;
        lock (gate)
        {
            current = pulse;
            pulse = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        current.TrySetResult();
    }
}
