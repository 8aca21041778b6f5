using Gtm.Bench.Engine;

// ./gtm bench <name>: each benchmark prints name=value lines on standard output.
string name = args.Length > 0 ? args[0] : "";
switch (name)
{
    case "engine":
        await EngineBenchmark.RunAsync(Storage(), args.Skip(1).ToArray());
        return 0;
    case "pipeline":
        await Gtm.Bench.Pipeline.PipelineBenchmark.RunAsync(Storage(), args.Skip(1).ToArray());
        return 0;
    case "rollback":
        await Gtm.Bench.Monitoring.RollbackBenchmark.RunAsync(Storage());
        return 0;
    case "monitor":
        await Gtm.Bench.Monitoring.MonitorBenchmark.RunAsync(Storage(), args.Skip(1).ToArray());
        return 0;
    case "console":
        await Gtm.Bench.OperatorConsole.ConsoleBenchmark.RunAsync(Storage());
        return 0;
    case "handoff":
        await Gtm.Bench.Handoff.HandoffBenchmark.RunAsync(Storage(), args.Skip(1).ToArray());
        return 0;
    case "scorecard":
        await Gtm.Bench.Scorecard.ScorecardBenchmark.RunAsync(Storage(), args.Skip(1).ToArray());
        return 0;
    case "bandit":
        Gtm.Bench.Bandit.BanditBenchmark.Run(args.Skip(1).ToArray());
        return 0;
    default:
        await Console.Error.WriteLineAsync($"unknown benchmark '{name}'; known: engine, pipeline, bandit, rollback, monitor, console, handoff, scorecard");
        return 2;
}

// Only the benchmarks that run the engine need storage; the bandit simulation is pure computation.
static string Storage() => Environment.GetEnvironmentVariable("AzureWebJobsStorage") is { Length: > 0 } storage
    ? storage
    : throw new InvalidOperationException("AzureWebJobsStorage is not set: run benchmarks through ./gtm bench, which starts Azurite.");
