namespace Gtm.Durable.Tests.TestTasks;

public sealed record DeterministicValues(Guid First, Guid Second, DateTime StartedAt, DateTime AfterActivity, bool ParentIsNull);

/// <summary>Reports the values replay must keep stable: GUIDs and the episode time.</summary>
public sealed class Deterministic : TaskOrchestrator<string?, DeterministicValues>
{
    public override async Task<DeterministicValues> RunAsync(TaskOrchestrationContext context, string? input)
    {
        Guid first = context.NewGuid();
        DateTime startedAt = context.CurrentUtcDateTime;
        await context.CallActivityAsync<string>(nameof(Echo), "x");
        Guid second = context.NewGuid();
        return new DeterministicValues(first, second, startedAt, context.CurrentUtcDateTime, context.Parent is null);
    }
}
