namespace Gtm.Durable.TestWorker;

public sealed record CrashChainInput(int Steps, int StepMilliseconds);

/// <summary>A chain of slow steps: long enough to be killed in the middle of.</summary>
public sealed class CrashChain : TaskOrchestrator<CrashChainInput, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, CrashChainInput input)
    {
        var done = new List<int>();
        for (int step = 1; step <= input.Steps; step++)
        {
            done.Add(await context.CallActivityAsync<int>(nameof(SlowStep), new SlowStepInput(step, input.StepMilliseconds)));
            context.SetCustomStatus(step);
        }

        return $"{context.InstanceId}:{string.Join(",", done)}";
    }

    /// <summary>The output a correct run produces.</summary>
    public static string ExpectedOutput(string instanceId, int steps) => $"{instanceId}:{string.Join(",", Enumerable.Range(1, steps).Select(s => s * 10))}";
}

public sealed record SlowStepInput(int Step, int Milliseconds);

public sealed class SlowStep : TaskActivity<SlowStepInput, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, SlowStepInput input)
    {
        await Task.Delay(input.Milliseconds);
        return input.Step * 10;
    }
}
