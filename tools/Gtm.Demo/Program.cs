using Gtm.Demo;
using Gtm.LocalRunner;
using Gtm.Tools;

// ./gtm demo: three sample ventures through Stage 17 on Azurite, a launch that fails and is
// rolled back, a live venture rolled back by hand, a venture reviewed by customers, A/B-tested and
// surveyed, and four ventures monitored in four simulated markets on a compressed schedule;
// everything through the Functions app's HTTP API, the app run by the local runner in this process.
string storage = Environment.GetEnvironmentVariable("AzureWebJobsStorage")
    ?? throw new InvalidOperationException("AzureWebJobsStorage is not set: run the demo through ./gtm demo, which starts Azurite.");
using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
// A market day in four seconds: the monitoring's frequencies, windows and ramps follow the setting.
const double TimeScale = 21_600;
await using EmbeddedRunner runner = await ToolRunner.StartProductAsync(storage,
    new Dictionary<string, string?> { ["Gtm__TimeScale"] = "21600", ["Gtm__MonitorSchedule"] = "* * * * * *" });
using HttpClient http = runner.CreateClient();
var demo = new StageDemo(runner, http, timeout.Token);
string run = DateTime.UtcNow.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture);

IReadOnlyList<string> launched = await demo.LaunchAsync(SampleVentures.All(run));
await demo.ShowLineageAsync(launched[0]);
await demo.ShowHandoffsAsync(launched);
await demo.FailedLaunchAsync(run);
await demo.ManualRollbackAsync(launched[^1]);
await new CustomerDemo(http, timeout.Token).RunAsync(SampleVentures.All(run)[0].Body, run);
await new MonitoringDemo(http, TimeScale, timeout.Token).RunAsync(SampleVentures.All(run)[0].Body, run);
return 0;
