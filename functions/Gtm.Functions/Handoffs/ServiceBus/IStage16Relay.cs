namespace Gtm.Functions.Handoffs.ServiceBus;

/// <summary>Hands a valid Stage 16 output to the intake's queue function, which starts the stage.</summary>
public interface IStage16Relay
{
    Task RelayAsync(string body, CancellationToken cancellation);
}
