using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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

    /// <summary>One step; with app setting StepsTable set, it also records which process ran it, so a test can tell who did the work and whether any step ran twice.</summary>
    [Function(nameof(SlowStep))]
    public static async Task<string> SlowStep([ActivityTrigger] SlowStepInput input, FunctionContext context)
    {
        await Task.Delay(input.Milliseconds);
        IConfiguration configuration = context.InstanceServices.GetRequiredService<IConfiguration>();
        if (configuration["StepsTable"] is { Length: > 0 } steps)
        {
            var table = new TableClient(configuration["AzureWebJobsStorage"], steps);
            await table.CreateIfNotExistsAsync();
            await table.AddEntityAsync(new TableEntity(input.InstanceId, $"{input.Step:D3}-{Guid.NewGuid():N}") { ["Step"] = input.Step, ["Process"] = Environment.ProcessId });
        }

        return $"{input.InstanceId}:{input.Step}";
    }
}

public sealed record SlowStepInput(string InstanceId, int Step, int Milliseconds);
