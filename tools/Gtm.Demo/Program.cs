using Gtm.Demo;
using Gtm.Functions.Hosting;

// ./gtm demo: three sample ventures through Stage 17 on Azurite, a launch that fails and is
// rolled back, and a live venture rolled back by hand; everything through the host's HTTP API.
string storage = Environment.GetEnvironmentVariable("AzureWebJobsStorage")
    ?? throw new InvalidOperationException("AzureWebJobsStorage is not set: run the demo through ./gtm demo, which starts Azurite.");
using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
await using EmbeddedHost host = await EmbeddedHost.StartAsync(storage, Path.Combine(AppContext.BaseDirectory, "host.json"), [typeof(StageDemo).Assembly]);
var demo = new StageDemo(host, timeout.Token);
string run = DateTime.UtcNow.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture);

IReadOnlyList<string> launched = await demo.LaunchAsync(SampleVentures.All(run));
await demo.ShowLineageAsync(launched[0]);
await demo.ShowHandoffsAsync(launched);
await demo.FailedLaunchAsync(run);
await demo.ManualRollbackAsync(launched[^1]);
return 0;
