namespace Gtm.Durable;

/// <summary>No instance exists with the given id.</summary>
public sealed class OrchestrationNotFoundException : InvalidOperationException
{
    public OrchestrationNotFoundException()
    {
    }

    public OrchestrationNotFoundException(string message)
        : base(message)
    {
    }

    public OrchestrationNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
