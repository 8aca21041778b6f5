namespace Gtm.Durable.Tests.Replay;

/// <summary>Sets a custom status of as many characters as its input says.</summary>
public sealed class OversizedCustomStatus : TaskOrchestrator<int, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, int input)
    {
        context.SetCustomStatus(new string('x', input));
        return Task.FromResult("status set");
    }
}
