namespace Gtm.Durable.Tests.TestTasks;

/// <summary>Waits for one "go" event, then echoes its payload through an activity.</summary>
public sealed class WaitForEvent : TaskOrchestrator<string?, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string? input)
    {
        context.SetCustomStatus("waiting");
        string payload = await context.WaitForExternalEvent<string>("go");
        return await context.CallActivityAsync<string>(nameof(Echo), payload);
    }
}
