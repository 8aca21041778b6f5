namespace Gtm.Durable;

/// <summary>
/// The orchestrator did not reproduce its own history on replay, or it used something replay
/// cannot reproduce (the wall clock, Task.Delay, Task.Run, I/O). The instance fails with this.
/// </summary>
public sealed class NonDeterministicOrchestrationException : Exception
{
    public NonDeterministicOrchestrationException()
    {
    }

    public NonDeterministicOrchestrationException(string message)
        : base(message)
    {
    }

    public NonDeterministicOrchestrationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
