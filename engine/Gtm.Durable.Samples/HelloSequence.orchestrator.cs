namespace Gtm.Durable.Samples;

/// <summary>Function chaining: three activities one after the other, each result feeding the output.</summary>
public sealed class HelloSequence : TaskOrchestrator<string[], List<string>>
{
    public override async Task<List<string>> RunAsync(TaskOrchestrationContext context, string[] input)
    {
        var greetings = new List<string>();
        foreach (string city in input)
        {
            greetings.Add(await context.CallActivityAsync<string>(nameof(SayHello), city));
        }

        return greetings;
    }
}
