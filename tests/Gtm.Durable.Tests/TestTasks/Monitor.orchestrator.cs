namespace Gtm.Durable.Tests.TestTasks;

public sealed record MonitorState(int ChecksLeft, TimeSpan Interval, int ChecksDone = 0);

/// <summary>Monitor: a timer loop that checks, sleeps and continues as new until its checks are done.</summary>
public sealed class Monitor : TaskOrchestrator<MonitorState, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, MonitorState input)
    {
        if (input.ChecksLeft == 0)
        {
            return input.ChecksDone;
        }

        await context.CallActivityAsync<string>(nameof(Echo), $"check {input.ChecksDone}");
        await context.CreateTimer(input.Interval, CancellationToken.None);
        context.ContinueAsNew(input with { ChecksLeft = input.ChecksLeft - 1, ChecksDone = input.ChecksDone + 1 });
        return input.ChecksDone;
    }
}
