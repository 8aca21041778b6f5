using System.Collections.Concurrent;

namespace Gtm.Durable.Tests.TestTasks;

public sealed record FlakyInput(string Key, int FailuresBeforeSuccess);

/// <summary>Fails a set number of times per key, then succeeds: attempts are counted across calls.</summary>
public sealed class Flaky : TaskActivity<FlakyInput, int>
{
    public static readonly ConcurrentDictionary<string, int> Attempts = new();

    public override Task<int> RunAsync(TaskActivityContext context, FlakyInput input)
    {
        int attempt = Attempts.AddOrUpdate(input.Key, 1, (_, n) => n + 1);
        if (attempt <= input.FailuresBeforeSuccess)
        {
            throw new TimeoutException($"attempt {attempt} timed out");
        }

        return Task.FromResult(attempt);
    }
}
