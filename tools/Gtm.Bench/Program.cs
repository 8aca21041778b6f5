using Gtm.Bench.Engine;

// ./gtm bench <name>: each benchmark prints name=value lines on standard output.
string name = args.Length > 0 ? args[0] : "";
string storage = Environment.GetEnvironmentVariable("AzureWebJobsStorage")
    ?? throw new InvalidOperationException("AzureWebJobsStorage is not set: run benchmarks through ./gtm bench, which starts Azurite.");
switch (name)
{
    case "engine":
        await EngineBenchmark.RunAsync(storage, args.Skip(1).ToArray());
        return 0;
    case "pipeline":
        await Gtm.Bench.Pipeline.PipelineBenchmark.RunAsync(storage, args.Skip(1).ToArray());
        return 0;
    default:
        await Console.Error.WriteLineAsync($"unknown benchmark '{name}'; known: engine, pipeline");
        return 2;
}
