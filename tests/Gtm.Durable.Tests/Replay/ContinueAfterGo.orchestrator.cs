namespace Gtm.Durable.Tests.Replay;

/// <summary>Waits for "go", then continues as new with its payload, keeping unprocessed events when its input says so.</summary>
public sealed class ContinueAfterGo : TaskOrchestrator<bool, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, bool input)
    {
        string go = await context.WaitForExternalEvent<string>("go");
        context.ContinueAsNew(go, preserveUnprocessedEvents: input);
        return go;
    }
}
