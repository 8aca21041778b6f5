using System.Text.Json.Nodes;
using Gtm.Channels;
using static Gtm.Channels.Tests.Live.HubSpot.HubSpotStub;

namespace Gtm.Channels.Tests.Live.HubSpot;

/// <summary>Metrics from the email's statistics and HubSpot's contacts search.</summary>
public sealed class HubSpotMetricsTests : IDisposable
{
    private const string EndedVariation = "5550009";
    private readonly HubSpotStub stub = new();

    public void Dispose() => stub.Dispose();

    [Fact]
    public async Task Metrics_sum_the_email_and_its_variations_and_count_leads_and_conversions_by_contact_search()
    {
        stub.Campaign(Flow(true, State(variations: EndedVariation)), Email(true, delivered: 950, clicks: 57));
        stub.Answer("GET", $"{Emails}/{EndedVariation}", Email(true, id: EndedVariation, delivered: 50, clicks: 3));
        stub.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(ContactSearch).UsingPost()
                .WithBody(body => body is not null && body.Contains("lifecyclestage", StringComparison.Ordinal)))
            .AtPriority(1)
            .RespondWith(Json(new JsonObject { ["total"] = 4, ["results"] = new JsonArray() }));
        stub.Answer("POST", ContactSearch, new JsonObject { ["total"] = 31, ["results"] = new JsonArray() });

        ChannelMetrics metrics = await stub.Adapter().ReadMetricsAsync(CampaignId, CancellationToken.None);

        Assert.Equal((1000L, 60L, 31L, 4L, 0m, 0m), (metrics.Impressions, metrics.Clicks, metrics.Leads, metrics.Conversions, metrics.Spend, metrics.ConversionValue));
        Assert.Null(metrics.Candidate);
        stub.AssertEveryRequestIsAuthenticated();
        Assert.Equal(
            [$"GET {Flows}/{FlowId}", $"GET {Emails}/{EmailId}", $"GET {Emails}/{EndedVariation}", $"POST {ContactSearch}", $"POST {ContactSearch}"],
            stub.Calls());
        Assert.Equal("true", Query(stub.Requests[1], "includeStats"));
        Assert.Equal(("true", "true"), (Query(stub.Requests[2], "includeStats"), Query(stub.Requests[2], "archived")));
        // Leads: contacts of this campaign created since its email (2025-05-01T09:00:00Z); conversions: those now opportunities or customers.
        const string leads = """
            {"propertyName":"gtm_campaign","operator":"EQ","value":"v1/c1"},
            {"propertyName":"createdate","operator":"GTE","value":"1746090000000"}
            """;
        AssertJson(JsonNode.Parse($$"""{"filterGroups":[{"filters":[{{leads}}]}],"properties":["createdate"],"limit":1}""")!, Body(stub.Requests[3]));
        AssertJson(
            JsonNode.Parse($$"""{"filterGroups":[{"filters":[{{leads}},{"propertyName":"lifecyclestage","operator":"IN","values":["opportunity","customer"]}]}],"properties":["createdate"],"limit":1}""")!,
            Body(stub.Requests[4]));
    }
}
