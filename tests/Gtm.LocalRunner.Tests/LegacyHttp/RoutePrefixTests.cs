using System.Net;
using Gtm.Functions.Tests.Support;

namespace Gtm.Functions.Tests.Http;

[Trait("Category", "Integration")]
public sealed class RoutePrefixTests
{
    [Fact]
    public async Task Routes_follow_extensions_http_routePrefix()
    {
        await using FunctionsHost host = await FunctionsHost.StartAsync(hostJson => hostJson["extensions"]!["http"] = new System.Text.Json.Nodes.JsonObject { ["routePrefix"] = "v1" });
        using HttpClient client = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/echo/x")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/echo/x")).StatusCode);
    }

    [Fact]
    public async Task Kestrel_on_loopback_serves_health_and_starts_an_orchestration_end_to_end()
    {
        await using FunctionsHost host = await FunctionsHost.StartAsync(kestrel: true);
        string address = host.App.Urls.Single();
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        client.DefaultRequestHeaders.Add("x-functions-key", FunctionsHost.FunctionKey);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/health")).StatusCode);

        using var start = new HttpRequestMessage(HttpMethod.Post, "/api/orchestrators/HelloSequence") { Content = new StringContent("""["Lisbon"]""") };
        using HttpResponseMessage accepted = await client.SendAsync(start);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Uri status = accepted.Headers.Location!;
        Assert.StartsWith(address, status.ToString(), StringComparison.Ordinal);
        await Durable.DurableHttpTests.PollUntilDoneAsync(client, status);
    }
}
