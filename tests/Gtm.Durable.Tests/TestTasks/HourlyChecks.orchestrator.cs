namespace Gtm.Durable.Tests.TestTasks;

public sealed record HourlyChecksState(int DaysLeft, int ChecksDone = 0);

/// <summary>A monitoring loop: a check every hour on a durable timer, continuing as new each day.</summary>
public sealed class HourlyChecks : TaskOrchestrator<HourlyChecksState, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, HourlyChecksState input)
    {
        if (input.DaysLeft == 0)
        {
            return input.ChecksDone;
        }

        int checks = input.ChecksDone;
        for (int hour = 0; hour < 24; hour++)
        {
            await context.CreateTimer(TimeSpan.FromHours(1), CancellationToken.None);
            await context.CallActivityAsync<string>(nameof(Echo), $"{context.CurrentUtcDateTime:O}");
            checks++;
        }

        context.ContinueAsNew(new HourlyChecksState(input.DaysLeft - 1, checks));
        return checks;
    }
}
