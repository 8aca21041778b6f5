namespace Gtm.Durable.Tests.TestTasks;

/// <summary>Completes one activity, then waits for "go": a window in which to inject a duplicate result.</summary>
public sealed class DuplicateProbe : TaskOrchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        string echoed = await context.CallActivityAsync<string>(nameof(Echo), input);
        context.SetCustomStatus("waiting");
        string go = await context.WaitForExternalEvent<string>("go");
        return $"{echoed}|{go}";
    }
}
