namespace Gtm.Durable.Tests.Replay;

/// <summary>Waits for a "decision" event for as long as its input says, and lets a timeout escape.</summary>
public sealed class DecisionWithTimeout : TaskOrchestrator<TimeSpan, string>
{
    public const string EventName = "decision";

    public override Task<string> RunAsync(TaskOrchestrationContext context, TimeSpan input) =>
        context.WaitForExternalEvent<string>(EventName, input);
}
