using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.Bench.Engine;

/// <summary>
/// The engine benchmark's durable functions, function-style as the Durable samples write them. The
/// activity does nothing but return: the benchmark measures the engine and its storage, not the work.
/// </summary>
public static class BenchFunctions
{
    [Function(nameof(Noop))]
    public static int Noop([ActivityTrigger] int input) => input;

    /// <summary>N activities one after the other.</summary>
    [Function(nameof(Sequence))]
    public static async Task<int> Sequence([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        int sum = 0;
        for (int i = 0, count = context.GetInput<int>(); i < count; i++)
        {
            sum += await context.CallActivityAsync<int>(nameof(Noop), 1);
        }

        return sum;
    }

    /// <summary>N activities at once, then their results summed.</summary>
    [Function(nameof(FanOutFanIn))]
    public static async Task<int> FanOutFanIn([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        int[] results = await Task.WhenAll(Enumerable.Range(0, context.GetInput<int>()).Select(n => context.CallActivityAsync<int>(nameof(Noop), 1)));
        return results.Sum();
    }

    /// <summary>The standard small orchestration: five activities in sequence.</summary>
    [Function(nameof(FiveActivities))]
    public static async Task<int> FiveActivities([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        int sum = 0;
        for (int i = 0; i < 5; i++)
        {
            sum += await context.CallActivityAsync<int>(nameof(Noop), 1);
        }

        return sum;
    }

    /// <summary>Counts N external events, then returns.</summary>
    [Function(nameof(EventCounter))]
    public static async Task<int> EventCounter([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        int count = context.GetInput<int>();
        for (int i = 0; i < count; i++)
        {
            await context.WaitForExternalEvent<int>("tick");
        }

        return count;
    }
}
