namespace Gtm.ServiceBus.TestBroker.Entities;

/// <summary>A queue's or subscription's properties, with Service Bus's defaults.</summary>
public sealed record EntitySettings
{
    /// <summary>How long a peek-lock receiver holds a message before it goes back to the queue.</summary>
    public TimeSpan LockDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Deliveries after which a message that keeps coming back is dead-lettered.</summary>
    public int MaxDeliveryCount { get; init; } = 10;

    /// <summary>How long a message id is remembered to drop a duplicate; null when duplicate detection is off.</summary>
    public TimeSpan? DuplicateDetectionWindow { get; init; }
}
