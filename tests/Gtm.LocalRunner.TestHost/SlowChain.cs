using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.LocalRunner.TestHost;

public sealed record SlowChainInput(int Steps, int StepMilliseconds);

/// <summary>A chain of slow activities, long enough for a process to be stopped in the middle of it; its output says which steps ran.</summary>
public static class SlowChain
{
    [Function(nameof(SlowChain))]
    public static async Task<string> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        SlowChainInput input = context.GetInput<SlowChainInput>()!;
        var steps = new List<string>();
        for (int step = 0; step < input.Steps; step++)
        {
            steps.Add(await context.CallActivityAsync<string>(nameof(SlowStep), new SlowStepInput(context.InstanceId, step, input.StepMilliseconds)));
        }

        return string.Join(',', steps);
    }

    public static string ExpectedOutput(string instanceId, int steps) => string.Join(',', Enumerable.Range(0, steps).Select(step => $"{instanceId}:{step}"));

    [Function(nameof(SlowStep))]
    public static async Task<string> SlowStep([ActivityTrigger] SlowStepInput input)
    {
        await Task.Delay(input.Milliseconds);
        return $"{input.InstanceId}:{input.Step}";
    }
}

public sealed record SlowStepInput(string InstanceId, int Step, int Milliseconds);
