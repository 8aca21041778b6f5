namespace Gtm.Durable.Tests.TestTasks;

/// <summary>Reads the wall clock: must fail with a message naming the call.</summary>
public sealed class UsesWallClock : TaskOrchestrator<string?, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string? input)
    {
        await context.CallActivityAsync<string>(nameof(Echo), "x");
        return DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>Sleeps with Task.Delay instead of a durable timer.</summary>
public sealed class UsesTaskDelay : TaskOrchestrator<string?, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string? input)
    {
        await Task.Delay(10);
        return "slept";
    }
}

/// <summary>Runs work on the thread pool.</summary>
public sealed class UsesTaskRun : TaskOrchestrator<string?, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, string? input) =>
        await Task.Run(() => 42);
}
