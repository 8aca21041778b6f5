using Gtm.Durable.Samples;

namespace Gtm.Durable.Tests.TestTasks;

/// <summary>Sub-orchestrations: several children in parallel, one with a chosen instance id.</summary>
public sealed class ParentOfChildren : TaskOrchestrator<int, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, int input)
    {
        Task<long>[] children = [.. Enumerable.Range(1, input).Select(n => context.CallSubOrchestratorAsync<long>(nameof(FanOutFanIn), n))];
        long[] sums = await Task.WhenAll(children);
        List<string> named = await context.CallSubOrchestratorAsync<List<string>>(
            nameof(HelloSequence),
            new[] { "Oslo" },
            new SubOrchestrationOptions(InstanceId: $"{context.InstanceId}-named"));
        return $"{string.Join(",", sums)}|{named[0]}";
    }
}
