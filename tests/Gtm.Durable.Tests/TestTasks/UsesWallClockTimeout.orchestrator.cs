namespace Gtm.Durable.Tests.TestTasks;

/// <summary>Times out a wait with a wall-clock cancellation source instead of a durable timer.</summary>
public sealed class UsesWallClockTimeout : TaskOrchestrator<string?, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string? input)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        return await context.WaitForExternalEvent<string>("x", timeout.Token);
    }
}
