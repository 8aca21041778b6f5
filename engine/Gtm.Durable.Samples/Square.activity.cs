namespace Gtm.Durable.Samples;

public sealed class Square : TaskActivity<int, long>
{
    public override Task<long> RunAsync(TaskActivityContext context, int input) => Task.FromResult((long)input * input);
}
