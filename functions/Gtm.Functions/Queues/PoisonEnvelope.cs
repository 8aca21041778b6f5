namespace Gtm.Functions.Queues;

/// <summary>What lands in <c>{queue}-poison</c>: the original body, with why and when it was set aside.</summary>
public sealed record PoisonEnvelope(string Queue, string MessageId, string Body, long DequeueCount, string Error, DateTimeOffset FailedAt);
