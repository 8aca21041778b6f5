namespace Gtm.Durable.Tests.TestTasks;

/// <summary>Receives N events in order, including ones that arrived before it started waiting.</summary>
public sealed class EventOrder : TaskOrchestrator<int, List<int>>
{
    public override async Task<List<int>> RunAsync(TaskOrchestrationContext context, int input)
    {
        await context.CreateTimer(TimeSpan.FromMilliseconds(200), CancellationToken.None);
        var received = new List<int>();
        for (int i = 0; i < input; i++)
        {
            received.Add(await context.WaitForExternalEvent<int>("Item"));
        }

        return received;
    }
}
