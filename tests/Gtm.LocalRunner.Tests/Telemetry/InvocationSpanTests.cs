using System.Collections.Concurrent;
using System.Diagnostics;
using Gtm.LocalRunner.Invocation;
using Gtm.LocalRunner.Tests.Support;

namespace Gtm.LocalRunner.Tests.Telemetry;

/// <summary>Each invocation is a span named for its function, with the function's name and invocation id, as OpenTelemetry's FaaS conventions have them.</summary>
[Trait("Category", "Integration")]
public sealed class InvocationSpanTests
{
    [Fact(Timeout = 60_000)]
    public async Task An_http_invocation_is_a_span_with_the_function_name_and_invocation_id()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == FunctionInvoker.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using TestRunner runner = await TestRunner.StartAsync();
        using HttpClient client = runner.CreateClient();

        await client.GetAsync("/api/echo/traced");

        Activity span = Assert.Single(spans, s => (string?)s.GetTagItem("faas.name") == "Echo");
        Assert.Equal("function Echo", span.DisplayName);
        Assert.False(string.IsNullOrEmpty((string?)span.GetTagItem("faas.invocation_id")));
    }
}
