namespace Gtm.Durable.Backend;

/// <summary>
/// Offered by a backend that knows, in this process, when an instance's state may have changed:
/// a client waiting for an instance wakes at once instead of at its next poll. Changes made by
/// other processes are still found by polling.
/// </summary>
public interface IInstanceChangeNotifier
{
    /// <summary>Completes at the next state change this process commits.</summary>
    Task NextChangeAsync();
}
