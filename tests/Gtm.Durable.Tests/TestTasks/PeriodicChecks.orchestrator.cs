namespace Gtm.Durable.Tests.TestTasks;

public sealed record PeriodicChecksState(int DaysLeft, int ChecksDone = 0);

/// <summary>A monitoring loop: a check every six hours on a durable timer, continuing as new each day.</summary>
public sealed class PeriodicChecks : TaskOrchestrator<PeriodicChecksState, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, PeriodicChecksState input)
    {
        if (input.DaysLeft == 0)
        {
            return input.ChecksDone;
        }

        int checks = input.ChecksDone;
        for (int check = 0; check < 4; check++)
        {
            await context.CreateTimer(TimeSpan.FromHours(6), CancellationToken.None);
            await context.CallActivityAsync<string>(nameof(Echo), $"{context.CurrentUtcDateTime:O}");
            checks++;
        }

        context.ContinueAsNew(new PeriodicChecksState(input.DaysLeft - 1, checks));
        return checks;
    }
}
