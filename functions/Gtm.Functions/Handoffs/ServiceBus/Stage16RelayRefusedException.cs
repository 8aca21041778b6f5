namespace Gtm.Functions.Handoffs.ServiceBus;

/// <summary>The relay can never take this output (no retry can mend it): the intake dead-letters it with the reason.</summary>
public sealed class Stage16RelayRefusedException(string message) : Exception(message);
