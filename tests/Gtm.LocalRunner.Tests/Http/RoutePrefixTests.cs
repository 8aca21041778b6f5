using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gtm.Testing;
using Gtm.LocalRunner.Tests.Support;

namespace Gtm.LocalRunner.Tests.Http;

[Trait("Category", "Integration")]
public sealed class RoutePrefixTests
{
    [Fact]
    public async Task Routes_follow_extensions_http_routePrefix()
    {
        await using TestRunner host = await TestRunner.StartAsync(hostJson => hostJson["extensions"]!["http"] = new System.Text.Json.Nodes.JsonObject { ["routePrefix"] = "v1" });
        using HttpClient client = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/echo/x")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/echo/x")).StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task Kestrel_on_loopback_serves_functions_and_starts_an_orchestration_through_the_durable_api()
    {
        await using TestRunner host = await TestRunner.StartAsync(kestrel: true);
        using HttpClient client = host.CreateClient();
        client.DefaultRequestHeaders.Add("x-functions-key", TestRunner.FunctionKey);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/health")).StatusCode);

        using HttpResponseMessage accepted = await client.PostAsJsonAsync("/runtime/webhooks/durabletask/orchestrators/SlowChain", new { steps = 2, stepMilliseconds = 10 });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Uri status = accepted.Headers.Location!;
        Assert.StartsWith(host.Runner.Address.ToString(), status.ToString(), StringComparison.Ordinal);
        JsonElement done = await DurableStatus.PollUntilDoneAsync(client, status);
        Assert.Equal("Completed", done.GetProperty("runtimeStatus").GetString());
    }
}
