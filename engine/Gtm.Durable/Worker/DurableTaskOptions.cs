namespace Gtm.Durable;

/// <summary>
/// The <c>extensions.durableTask</c> section of host.json, with Durable Functions' names and defaults.
/// </summary>
public sealed class DurableTaskOptions
{
    public const string SectionPath = "extensions:durableTask";

    public string HubName { get; set; } = "GtmHub";

    public int MaxConcurrentActivityFunctions { get; set; } = 10 * Environment.ProcessorCount;

    public int MaxConcurrentOrchestratorFunctions { get; set; } = 10 * Environment.ProcessorCount;

    public StorageProviderOptions StorageProvider { get; set; } = new();

    /// <summary>Every problem, each naming its setting as host.json spells it; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (HubName is null || HubName.Length is < 3 or > 45 || !char.IsAsciiLetter(HubName[0]) || !HubName.All(char.IsAsciiLetterOrDigit))
        {
            problems.Add($"extensions.durableTask.hubName must be 3 to 45 letters and digits starting with a letter (it names tables and queues); got '{HubName}'.");
        }

        if (MaxConcurrentActivityFunctions < 1)
        {
            problems.Add($"extensions.durableTask.maxConcurrentActivityFunctions must be at least 1; got {MaxConcurrentActivityFunctions}.");
        }

        if (MaxConcurrentOrchestratorFunctions < 1)
        {
            problems.Add($"extensions.durableTask.maxConcurrentOrchestratorFunctions must be at least 1; got {MaxConcurrentOrchestratorFunctions}.");
        }

        problems.AddRange(StorageProvider.Validate());
        return problems;
    }
}

/// <summary>The <c>extensions.durableTask.storageProvider</c> section.</summary>
public sealed class StorageProviderOptions
{
    /// <summary>The app setting or connection string holding the storage connection.</summary>
    public string ConnectionName { get; set; } = "AzureWebJobsStorage";

    /// <summary>Number of control queues wake-ups are spread over (1 to 16).</summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>Idle queue polling backs off up to this interval.</summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an instance lock and its wake-up message stay invisible to other workers.</summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an activity message stays invisible while it runs (renewed while it does).</summary>
    public TimeSpan WorkItemQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Messages that failed this many times go to the poison queue.</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>Messages received per queue poll (1 to 32).</summary>
    public int ControlQueueBatchSize { get; set; } = 32;

    public IReadOnlyList<string> Validate()
    {
        const string prefix = "extensions.durableTask.storageProvider.";
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionName))
        {
            problems.Add($"{prefix}connectionName must name an app setting.");
        }

        if (PartitionCount is < 1 or > 16)
        {
            problems.Add($"{prefix}partitionCount must be 1 to 16; got {PartitionCount}.");
        }

        if (MaxQueuePollingInterval < TimeSpan.FromMilliseconds(10))
        {
            problems.Add($"{prefix}maxQueuePollingInterval must be at least 00:00:00.010; got {MaxQueuePollingInterval}.");
        }

        if (ControlQueueVisibilityTimeout < TimeSpan.FromSeconds(1))
        {
            problems.Add($"{prefix}controlQueueVisibilityTimeout must be at least 00:00:01; got {ControlQueueVisibilityTimeout}.");
        }

        if (WorkItemQueueVisibilityTimeout < TimeSpan.FromSeconds(1))
        {
            problems.Add($"{prefix}workItemQueueVisibilityTimeout must be at least 00:00:01; got {WorkItemQueueVisibilityTimeout}.");
        }

        if (MaxDequeueCount < 1)
        {
            problems.Add($"{prefix}maxDequeueCount must be at least 1; got {MaxDequeueCount}.");
        }

        if (ControlQueueBatchSize is < 1 or > 32)
        {
            problems.Add($"{prefix}controlQueueBatchSize must be 1 to 32; got {ControlQueueBatchSize}.");
        }

        return problems;
    }
}
