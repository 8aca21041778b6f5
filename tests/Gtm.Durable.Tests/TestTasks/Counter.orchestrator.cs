namespace Gtm.Durable.Tests.TestTasks;

/// <summary>
/// Eternal orchestration: counts "add" events, continuing as new every 10 so history stays short,
/// and returns the total on "stop". Events that arrive meanwhile are carried over.
/// </summary>
public sealed class Counter : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        int total = input;
        for (int i = 0; i < 10; i++)
        {
            string command = await context.WaitForExternalEvent<string>("command");
            if (command == "stop")
            {
                return total;
            }

            total += int.Parse(command, System.Globalization.CultureInfo.InvariantCulture);
            context.SetCustomStatus(total);
        }

        context.ContinueAsNew(total);
        return total;
    }
}
