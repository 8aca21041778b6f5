namespace Gtm.Durable.Tests.TestTasks;

/// <summary>Its constructor always throws, like a missing dependency: the call can never run.</summary>
public sealed class CannotConstruct : TaskActivity<string, string>
{
    public CannotConstruct() => throw new InvalidOperationException("dependency 'ChannelClient' is not configured");

    public override Task<string> RunAsync(TaskActivityContext context, string input) => Task.FromResult(input);
}

public sealed class CallsCannotConstruct : TaskOrchestrator<string?, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string? input)
    {
        try
        {
            return await context.CallActivityAsync<string>(nameof(CannotConstruct), "x");
        }
        catch (TaskFailedException ex)
        {
            return $"{ex.FailureDetails.ErrorType}: {ex.FailureDetails.ErrorMessage}";
        }
    }
}

/// <summary>An orchestrator that cannot be constructed: every episode fails before it runs.</summary>
public sealed class CannotConstructOrchestrator : TaskOrchestrator<string?, string>
{
    public CannotConstructOrchestrator() => throw new InvalidOperationException("orchestrator dependency 'ThresholdStore' is not configured");

    public override Task<string> RunAsync(TaskOrchestrationContext context, string? input) => Task.FromResult("never");
}
