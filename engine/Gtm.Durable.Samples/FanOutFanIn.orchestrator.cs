namespace Gtm.Durable.Samples;

/// <summary>Fan-out/fan-in: one activity per item, all at once, then the results summed.</summary>
public sealed class FanOutFanIn : TaskOrchestrator<int, long>
{
    public override async Task<long> RunAsync(TaskOrchestrationContext context, int input)
    {
        Task<long>[] squares = [.. Enumerable.Range(1, input).Select(n => context.CallActivityAsync<long>(nameof(Square), n))];
        long[] results = await Task.WhenAll(squares);
        return results.Sum();
    }
}
