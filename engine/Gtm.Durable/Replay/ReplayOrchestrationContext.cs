using System.Text;
using Gtm.Durable.History;
using Gtm.Durable.Serialization;
using Microsoft.Extensions.Logging;

namespace Gtm.Durable.Replay;

/// <summary>
/// The context an orchestrator sees during one episode. Calls take ids from a per-execution
/// counter and become actions; history events complete the tasks those calls returned.
/// </summary>
internal sealed partial class ReplayOrchestrationContext : TaskOrchestrationContext
{
    public const int MaxCustomStatusBytes = 16 * 1024;

    private readonly OrchestrationTaskScheduler scheduler;
    private readonly DataConverter converter;
    private readonly ILoggerFactory loggerFactory;
    private readonly SortedDictionary<int, OrchestratorAction> pendingActions = [];
    private readonly Dictionary<int, OpenTask> openTasks = [];
    private int nextId;
    private int guidCounter;
    private string? rawInput;

    public ReplayOrchestrationContext(
        string name,
        string instanceId,
        OrchestrationTaskScheduler scheduler,
        DataConverter converter,
        ILoggerFactory loggerFactory)
    {
        Name = name;
        InstanceId = instanceId;
        this.scheduler = scheduler;
        this.converter = converter;
        this.loggerFactory = loggerFactory;
    }

    public override string Name { get; }

    public override string InstanceId { get; }

    public override ParentOrchestrationInstance? Parent => Started?.Parent;

    public override DateTime CurrentUtcDateTime => currentUtcDateTime;

    public override bool IsReplaying => isReplaying;

    public ExecutionStartedEvent? Started { get; private set; }

    public string? SerializedCustomStatus { get; private set; }

    public ContinueAsNewRequest? ContinueAsNewRequested { get; private set; }

    /// <summary>Actions the orchestrator took that history has not recorded yet, in id order.</summary>
    public IReadOnlyCollection<OrchestratorAction> PendingActions => pendingActions.Values;

    /// <summary>True when the orchestrator waits on nothing the context can complete.</summary>
    public bool WaitsOnNothingDurable => openTasks.Count == 0 && waiters.Values.All(list => list.Count == 0) && pendingActions.Count == 0;

    private DateTime currentUtcDateTime;
    private bool isReplaying = true;

    public void SetReplaying(bool replaying) => isReplaying = replaying;

    public void SetCurrentTime(DateTime timestamp) => currentUtcDateTime = DateTime.SpecifyKind(timestamp, DateTimeKind.Utc);

    public void SetStarted(ExecutionStartedEvent started)
    {
        Started = started;
        rawInput = started.Input;
    }

    public override T? GetInput<T>() where T : default => converter.Deserialize<T>(rawInput);

    public override void SetCustomStatus(object? customStatus)
    {
        EnsureOrchestratorThread();
        string? serialized = converter.Serialize(customStatus);
        if (serialized is not null && Encoding.UTF8.GetByteCount(serialized) > MaxCustomStatusBytes)
        {
            throw new ArgumentException(
                $"The custom status is {Encoding.UTF8.GetByteCount(serialized)} bytes; at most {MaxCustomStatusBytes} are allowed.",
                nameof(customStatus));
        }

        SerializedCustomStatus = serialized;
    }

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        EnsureOrchestratorThread();
        ContinueAsNewRequested = new ContinueAsNewRequest(converter.Serialize(newInput), preserveUnprocessedEvents);
    }

    public override Guid NewGuid()
    {
        EnsureOrchestratorThread();
        return DeterministicGuid.Create($"{InstanceId}_{CurrentUtcDateTime:O}_{guidCounter++}");
    }

    public override ILogger CreateReplaySafeLogger(string categoryName) =>
        new ReplaySafeLogger(this, loggerFactory.CreateLogger(categoryName));

    /// <summary>Every context call checks it runs on the replaying thread, never on a thread-pool thread.</summary>
    private void EnsureOrchestratorThread()
    {
        if (!scheduler.IsOnOwnerThread)
        {
            const string message =
                "Multithreaded execution detected: orchestrator code called its context from another thread. " +
                "This happens after awaiting a task that did not come from the context (Task.Run, Task.Delay, " +
                "ConfigureAwait(false), I/O); use activities and context timers instead.";
            scheduler.RecordViolation(message);
            throw new InvalidOperationException(message);
        }
    }

    private int TakeNextId() => nextId++;

    /// <summary>What ContinueAsNew asked for.</summary>
    internal sealed record ContinueAsNewRequest(string? Input, bool PreserveUnprocessedEvents);

    private sealed record OpenTask(string Name, OpenTaskKind Kind, TaskCompletionSource<string?> Completion, IDisposable? CancellationRegistration = null);
}

/// <summary>What an open task waits for, so a completion of the wrong kind is caught.</summary>
internal enum OpenTaskKind
{
    Activity,
    Timer,
    SubOrchestration,
}

internal static class OpenTaskKindExtensions
{
    public static bool Completes(this OpenTaskKind kind, CompletionEvent completion) => kind switch
    {
        OpenTaskKind.Activity => completion is TaskCompletedEvent or TaskFailedEvent,
        OpenTaskKind.Timer => completion is TimerFiredEvent,
        _ => completion is SubOrchestrationCompletedEvent or SubOrchestrationFailedEvent,
    };
}
