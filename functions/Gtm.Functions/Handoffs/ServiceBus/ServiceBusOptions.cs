namespace Gtm.Functions.Handoffs.ServiceBus;

/// <summary>
/// App settings <c>Gtm:ServiceBus</c>: the second transport of the handoffs. Off unless
/// <c>Gtm:Stage18Transport</c> is <c>ServiceBus</c> or <see cref="Stage16Queue"/> is set.
/// </summary>
public sealed class ServiceBusOptions
{
    public const string Section = "Gtm:ServiceBus";

    /// <summary>App setting <c>Gtm:Stage18Transport</c>: <c>StorageQueues</c> (the default) or <c>ServiceBus</c>.</summary>
    public const string Stage18TransportSetting = "Gtm:Stage18Transport";

    /// <summary>
    /// The name of the connection setting, as Azure Functions' Service Bus bindings name it: that
    /// setting holds a connection string, or <c>{name}__fullyQualifiedNamespace</c> holds the
    /// namespace's host name for the app's managed identity (<c>{name}__clientId</c> picks a
    /// user-assigned one).
    /// </summary>
    public string Connection { get; set; } = "ServiceBusConnection";

    /// <summary>The queue or topic Stage 18 reads its handoffs from (with <c>Gtm:Stage18Transport</c> = <c>ServiceBus</c>).</summary>
    public string? Stage18Entity { get; set; }

    /// <summary>A queue the Stage 16 intake reads as well as its storage queue; empty: none.</summary>
    public string? Stage16Queue { get; set; }

    /// <summary>Intake messages handled at once.</summary>
    public int MaxConcurrentCalls { get; set; } = 8;

    /// <summary>The client's retries of a failed operation before the failure reaches the app (which then retries on its own terms).</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>First wait between retries; later ones grow exponentially with jitter, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(0.8);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one attempt may take.</summary>
    public TimeSpan TryTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
