using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace Gtm.LocalRunner.Queues;

/// <summary>host.json <c>extensions.queues</c>, with Azure Functions' defaults.</summary>
public sealed class QueuesOptions
{
    public int BatchSize { get; set; } = 16;

    /// <summary>Fetch a new batch once this few messages are still running; by default half the batch.</summary>
    public int? NewBatchThreshold { get; set; }

    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>How long a failed message stays invisible before it is retried.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.Zero;

    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromMinutes(1);

    public string MessageEncoding { get; set; } = "base64";

    /// <summary>How long a message being processed stays hidden between renewals (not a host.json setting).</summary>
    public TimeSpan ProcessingLease { get; set; } = TimeSpan.FromMinutes(1);

    public int EffectiveNewBatchThreshold => NewBatchThreshold ?? BatchSize / 2;

    public QueueMessageEncoding Encoding => MessageEncoding == "none" ? QueueMessageEncoding.None : QueueMessageEncoding.Base64;

    public static void Bind(IConfiguration configuration, QueuesOptions options) => configuration.GetSection("extensions:queues").Bind(options);
}
