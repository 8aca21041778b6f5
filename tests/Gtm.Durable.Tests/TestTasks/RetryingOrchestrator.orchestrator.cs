namespace Gtm.Durable.Tests.TestTasks;

public sealed record RetryInput(string Key, int Failures, int MaxAttempts);

/// <summary>Retries: calls a flaky activity under a policy with exponential backoff.</summary>
public sealed class RetryingOrchestrator : TaskOrchestrator<RetryInput, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, RetryInput input)
    {
        var policy = new RetryPolicy(input.MaxAttempts, TimeSpan.FromMilliseconds(50), backoffCoefficient: 2)
        {
            HandleFailure = failure => failure.IsCausedBy<TimeoutException>(),
        };
        try
        {
            int attempts = await context.CallActivityAsync<int>(nameof(Flaky), new FlakyInput(input.Key, input.Failures), TaskOptions.FromRetryPolicy(policy));
            return $"succeeded on attempt {attempts}";
        }
        catch (TaskFailedException ex)
        {
            return $"gave up: {ex.FailureDetails.ErrorMessage}";
        }
    }
}
