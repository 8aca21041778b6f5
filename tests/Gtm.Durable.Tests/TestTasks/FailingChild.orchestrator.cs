namespace Gtm.Durable.Tests.TestTasks;

public sealed class FailingChild : TaskOrchestrator<string, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, string input) =>
        throw new InvalidOperationException($"child refused: {input}");
}

/// <summary>Catches its child's failure and reports the details it received.</summary>
public sealed class ParentOfFailingChild : TaskOrchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        try
        {
            await context.CallSubOrchestratorAsync<string>(nameof(FailingChild), input);
            return "unexpected success";
        }
        catch (TaskFailedException ex)
        {
            return $"{ex.FailureDetails.ErrorType}: {ex.FailureDetails.ErrorMessage}";
        }
    }
}
