namespace Gtm.Durable.Tests.TestTasks;

/// <summary>Round-trips a payload through an activity, the history and the output.</summary>
public sealed class PayloadRoundTrip : TaskOrchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        string echoed = await context.CallActivityAsync<string>(nameof(Echo), input);
        context.SetCustomStatus(new { length = echoed.Length });
        return echoed;
    }
}
