namespace Gtm.Durable.Samples;

public sealed class Escalate : TaskActivity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input) =>
        Task.FromResult($"'{input}' escalated: no decision in time");
}
