namespace Gtm.Functions.Queues;

/// <summary>Thrown by a queue function for a message that can never succeed (invalid input): it goes to the poison queue at once, without retries.</summary>
public sealed class PoisonMessageException(string message) : Exception(message);
