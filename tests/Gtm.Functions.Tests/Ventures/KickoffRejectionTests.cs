using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Gtm.Functions.Tests.Support;
using Gtm.Testing;
using Microsoft.DurableTask.Client;

namespace Gtm.Functions.Tests.Ventures;

/// <summary>Bad kickoffs: each one a clear problem, and not a single instance or row left behind.</summary>
[Trait("Category", "Integration")]
public sealed class KickoffRejectionTests : IAsyncLifetime
{
    private FunctionsHost host = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        host = await FunctionsHost.StartAsync(values: new Dictionary<string, string?> { ["FUNCTIONS_REQUEST_BODY_SIZE_LIMIT"] = $"{64 * 1024}" });
        client = host.CreateClient();
        client.DefaultRequestHeaders.Add("x-functions-key", FunctionsHost.FunctionKey);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    public static TheoryData<string, string, string> BadBodies() => new()
    {
        { "wrong type", Edit(b => b["market_strategy"]!["time_horizon_days"] = "ninety"), "/market_strategy/time_horizon_days" },
        { "missing field", Edit(b => b["customer_segments"]![0]!.AsObject().Remove("persona")), "/customer_segments/0/persona" },
        { "over-long copy", Edit(b => b["market_strategy"]!["value_proposition"] = new string('x', 600)), "/market_strategy/value_proposition" },
        { "shares over 100 %", Edit(b => { foreach (JsonNode? c in b["marketing_channels"]!.AsArray()) { c!["min_budget_share"] = 0.3; } }), "/marketing_channels" },
        { "unknown channel", Edit(b => b["marketing_channels"]![3]!["kind"] = "tiktok"), "/marketing_channels/3/kind" },
        { "malformed JSON", "{\"market_strategy\": {", "" },
    };

    private static string Edit(Action<JsonObject> change)
    {
        JsonObject body = StandardVenture.Create("rejected-venture");
        change(body);
        return body.ToJsonString();
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(BadBodies))]
    public async Task Each_bad_body_is_a_400_problem_naming_where_and_nothing_is_left_behind(string name, string body, string pointer)
    {
        using HttpResponseMessage response = await client.PostAsync("/api/ventures", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, name);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("pointer").GetString() == pointer && e.GetProperty("message").GetString()!.Length > 10);
        await AssertNothingStoredAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task An_oversized_body_is_a_413_problem_and_nothing_is_left_behind()
    {
        string huge = Edit(b => b["market_strategy"]!["competitors"] = new JsonArray([.. Enumerable.Range(0, 5000).Select(n => (JsonNode)$"competitor number {n}")]));
        using HttpResponseMessage response = await client.PostAsync("/api/ventures", new StringContent(huge, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertNothingStoredAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task A_body_that_is_not_utf8_is_a_400_problem_and_nothing_is_left_behind()
    {
        // A valid venture but for two bytes that are no UTF-8 inside its name.
        using ByteArrayContent content = NotUtf8.Json(Edit(b => b["market_strategy"]!["venture_name"] = "Ledger NAME"), "NAME");
        using HttpResponseMessage response = await client.PostAsync("/api/ventures", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("UTF-8", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString(), StringComparison.Ordinal);
        await AssertNothingStoredAsync();
    }

    private async Task AssertNothingStoredAsync()
    {
        Assert.Null(await host.Service<DurableTaskClient>().GetInstanceAsync("stage17-rejected-venture"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/runtime/webhooks/durabletask/instances/stage17-rejected-venture")).StatusCode);
        string connection = await Azurite.GetConnectionStringAsync();
        foreach (string table in new[] { "Ventures", "GtmConfigVersions", "Lineage" })
        {
            var rows = new TableClient(connection, host.Values["Gtm__StoragePrefix"] + table).QueryAsync<TableEntity>(r => r.PartitionKey == "rejected-venture" || r.RowKey == "rejected-venture");
            await foreach (TableEntity row in rows)
            {
                Assert.Fail($"{table} has a row for the rejected venture: {row.PartitionKey}/{row.RowKey}");
            }
        }
    }
}
