using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gtm.Functions.Tests.Monitoring;
using Gtm.Functions.Tests.Support;
using Gtm.Testing;

namespace Gtm.Functions.Tests.Review;

/// <summary>A venture kicked off with a customer validation gate on skipped time, and its reviewers' side of the API.</summary>
public sealed class ReviewGate : IAsyncDisposable
{
    private ReviewGate(SkippedTimeMarket market, HttpClient reviewers)
    {
        Market = market;
        Reviewers = reviewers;
    }

    public SkippedTimeMarket Market { get; }

    /// <summary>A client with the function key, as reviewers use it.</summary>
    public HttpClient Reviewers { get; }

    public static async Task<ReviewGate> StartAsync()
    {
        SkippedTimeMarket market = await SkippedTimeMarket.StartAsync();
        HttpClient reviewers = market.Host.CreateClient();
        reviewers.DefaultRequestHeaders.Add("x-functions-key", FunctionsHost.FunctionKey);
        return new ReviewGate(market, reviewers);
    }

    /// <summary>The standard venture with the gate; <paramref name="enterprise"/> false makes every segment b2b_smb.</summary>
    public static JsonObject Venture(string venture, object gate, bool enterprise, string requestedBy = "owner@venture")
    {
        JsonObject body = StandardVenture.Create(venture);
        if (!enterprise)
        {
            body["market_strategy"]!["segment_type"] = "b2b_smb";
            foreach (JsonNode? segment in body["customer_segments"]!.AsArray())
            {
                segment!["type"] = "b2b_smb";
            }
        }

        body["customer_validation"] = JsonSerializer.SerializeToNode(gate);
        body["requested_by"] = requestedBy;
        return body;
    }

    /// <summary>Kicks the venture off and waits until its gate has opened the first round.</summary>
    public async Task<Uri> KickoffAsync(JsonObject body)
    {
        using HttpResponseMessage accepted = await Market.Client.PostAsJsonAsync("/api/ventures", body);
        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync());
        await Market.RunAsync(TimeSpan.Zero);
        return accepted.Headers.Location!;
    }

    public async Task<JsonElement> ReviewsAsync(string venture) =>
        await Reviewers.GetFromJsonAsync<JsonElement>($"/api/ventures/{venture}/reviews");

    public static JsonElement LatestRound(JsonElement reviews) => reviews.GetProperty("rounds").EnumerateArray().Last().GetProperty("round");

    public async Task<HttpResponseMessage> VoteAsync(string venture, string reviewer, string decision, params object[] comments)
    {
        HttpResponseMessage response = await Reviewers.PostAsJsonAsync($"/api/ventures/{venture}/reviews", new { reviewer, decision, comments });
        await Market.RunAsync(TimeSpan.Zero);
        return response;
    }

    public async Task<JsonElement> OutputAsync(Uri status) =>
        (await DurableStatus.PollUntilDoneAsync(Market.Client, status)).GetProperty("output");

    public async ValueTask DisposeAsync()
    {
        Reviewers.Dispose();
        await Market.DisposeAsync();
    }
}
