using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gtm.Activities.Storage;
using Gtm.Functions.Tests.Support;

namespace Gtm.Functions.Tests.Ventures;

/// <summary>GET /api/ventures: a page at a time in id order, filtered by state and segment type, searched by id or name.</summary>
public sealed class VentureListTests : OperatorApiTest
{
    private async Task SeedAsync()
    {
        var ventures = Host.Service<VentureStore>();
        DateTimeOffset now = DateTimeOffset.UtcNow;
        for (int n = 0; n < 12; n++)
        {
            string id = $"list-{n:D2}";
            await ventures.SetAsync(id, n % 3 == 0 ? "live" : "rolled_back", null, now, CancellationToken.None,
                configVersion: 1, name: n == 7 ? "Ledger Ocean" : $"Venture {n}", segmentType: n % 2 == 0 ? "b2b_smb" : "b2c_mass");
        }

        await ventures.SetMonitoringAsync("list-03", "recurse: conversion_rate below threshold", 2, CancellationToken.None);
    }

    private async Task<(string[] Ids, string? Next)> PageAsync(string query)
    {
        JsonElement page = await Client.GetFromJsonAsync<JsonElement>($"/api/ventures?{query}");
        string? next = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetString();
        return ([.. page.GetProperty("ventures").EnumerateArray().Select(v => v.GetProperty("ventureId").GetString()!)], next);
    }

    [Fact]
    public async Task Pages_follow_one_another_without_gaps_or_repeats()
    {
        await SeedAsync();
        var seen = new List<string>();
        string? after = null;
        int pages = 0;
        do
        {
            (string[] ids, after) = await PageAsync($"page_size=5{(after is null ? "" : $"&after={after}")}");
            seen.AddRange(ids);
            pages++;
        }
        while (after is not null);

        Assert.Equal(Enumerable.Range(0, 12).Select(n => $"list-{n:D2}"), seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task State_segment_type_and_text_filter_and_a_page_is_full_unless_the_list_ended()
    {
        await SeedAsync();

        Assert.Equal(["list-00", "list-06"], (await PageAsync("state=live&segment_type=b2b_smb")).Ids);
        Assert.Equal(["list-07"], (await PageAsync("q=ledger")).Ids);
        (string[] ids, string? next) = await PageAsync("q=venture&page_size=3&state=rolled_back");
        Assert.Equal(["list-01", "list-02", "list-04"], ids);
        Assert.Equal(["list-05", "list-08", "list-10"], (await PageAsync($"q=venture&page_size=3&state=rolled_back&after={next}")).Ids);

        JsonElement live = (await Client.GetFromJsonAsync<JsonElement>("/api/ventures?q=list-03")).GetProperty("ventures")[0];
        Assert.Equal(("Venture 3", "b2c_mass", "live", 2), (live.GetProperty("name").GetString(), live.GetProperty("segmentType").GetString(), live.GetProperty("state").GetString(), live.GetProperty("alerts").GetInt32()));
        Assert.Equal("recurse: conversion_rate below threshold", live.GetProperty("lastDecision").GetString());
    }

    [Theory]
    [InlineData("segment_type=b2b", "'segment_type' must be one of")]
    [InlineData("page_size=0", "'page_size' must be a whole number from 1 to 200")]
    [InlineData("page_size=500", "'page_size' must be a whole number from 1 to 200")]
    public async Task A_bad_query_is_refused_saying_what_is_wrong(string query, string detail)
    {
        using HttpResponseMessage response = await Client.GetAsync($"/api/ventures?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(detail, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
