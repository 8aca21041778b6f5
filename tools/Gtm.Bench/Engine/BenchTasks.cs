namespace Gtm.Bench.Engine;

/// <summary>Does nothing but return: the benchmarks measure the engine, not the work.</summary>
public sealed class Noop : Gtm.Durable.TaskActivity<int, int>
{
    public override Task<int> RunAsync(Gtm.Durable.TaskActivityContext context, int input) => Task.FromResult(input);
}

/// <summary>N activities one after the other.</summary>
public sealed class Sequence : Gtm.Durable.TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(Gtm.Durable.TaskOrchestrationContext context, int input)
    {
        int sum = 0;
        for (int i = 0; i < input; i++)
        {
            sum += await context.CallActivityAsync<int>(nameof(Noop), 1);
        }

        return sum;
    }
}

/// <summary>The standard small orchestration: five activities in sequence.</summary>
public sealed class FiveActivities : Gtm.Durable.TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(Gtm.Durable.TaskOrchestrationContext context, int input)
    {
        int sum = 0;
        for (int i = 0; i < 5; i++)
        {
            sum += await context.CallActivityAsync<int>(nameof(Noop), 1);
        }

        return sum;
    }
}

/// <summary>Counts N external events, then returns.</summary>
public sealed class EventCounter : Gtm.Durable.TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(Gtm.Durable.TaskOrchestrationContext context, int input)
    {
        for (int i = 0; i < input; i++)
        {
            await context.WaitForExternalEvent<int>("tick");
        }

        return input;
    }
}
