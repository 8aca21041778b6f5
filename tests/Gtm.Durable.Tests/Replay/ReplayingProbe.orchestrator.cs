using Gtm.Durable.Tests.TestTasks;
using Microsoft.Extensions.Logging;

namespace Gtm.Durable.Tests.Replay;

/// <summary>Calls three activities in turn, noting IsReplaying and logging through a replay-safe logger at each step.</summary>
public sealed partial class ReplayingProbe : TaskOrchestrator<string?, List<bool>>
{
    public override async Task<List<bool>> RunAsync(TaskOrchestrationContext context, string? input)
    {
        ILogger logger = context.CreateReplaySafeLogger<ReplayingProbe>();
        var replaying = new List<bool>();
        foreach (string step in new[] { "first", "second", "third" })
        {
            replaying.Add(context.IsReplaying);
            LogBefore(logger, step);
            await context.CallActivityAsync<string>(nameof(Echo), step);
        }

        replaying.Add(context.IsReplaying);
        LogDone(logger);
        return replaying;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "before {Step}")]
    private static partial void LogBefore(ILogger logger, string step);

    [LoggerMessage(Level = LogLevel.Information, Message = "done")]
    private static partial void LogDone(ILogger logger);
}
