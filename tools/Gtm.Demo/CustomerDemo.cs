using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gtm.Demo;

/// <summary>
/// Customers in the loop: a venture whose content two customers review (one rejection with a
/// comment, the element regenerated, then both approve), the A/B pilot the exit gate starts on one
/// of its campaigns, followed over its market week, and survey answers about it.
/// </summary>
internal sealed class CustomerDemo(HttpClient http, CancellationToken cancellation)
{
    private static readonly string[] Reviewers = ["ana@customer", "ben@customer"];

    private static readonly int[] Scores = [10, 9, 9, 7, 4];

    public async Task RunAsync(JsonObject template, string run)
    {
        string venture = $"reviewed-{run}";
        JsonObject body = template.DeepClone().AsObject();
        body["market_strategy"]!["venture_id"] = venture;
        body["requested_by"] = "founder@venture";
        body["customer_validation"] = JsonSerializer.SerializeToNode(new { reviewers = Reviewers, quorum = 2, timeout_hours = 48, timeout_policy = "escalate" });
        body["ab_pilot"] = JsonSerializer.SerializeToNode(new { share = 0.1, window_days = 7 });
        using HttpResponseMessage accepted = await http.PostAsJsonAsync("/api/ventures", body, cancellation);
        accepted.EnsureSuccessStatusCode();

        Console.WriteLine($"Customer validation of {venture}: ana@customer and ben@customer must both approve");
        JsonElement review = await RoundAsync(venture, 1);
        JsonElement campaign = review.GetProperty("under_review")[0];
        string campaignId = campaign.GetProperty("id").GetString()!;
        JsonElement element = campaign.GetProperty("elements")[0];
        string kind = element.GetProperty("kind").GetString()!;
        Console.WriteLine($"  round 1, {campaignId} {kind}: {Texts(element)}");
        await VoteAsync(venture, "ana@customer", "reject", new { campaign_id = campaignId, element = kind, comment = "Too generic: say what it saves us" });
        review = await RoundAsync(venture, 2);
        JsonElement revised = review.GetProperty("under_review").EnumerateArray().Single(c => c.GetProperty("id").GetString() == campaignId).GetProperty("elements")[0];
        Console.WriteLine($"  ana@customer rejected it (\"Too generic: say what it saves us\"); round 2: {Texts(revised)}");
        await VoteAsync(venture, "ana@customer", "approve");
        await VoteAsync(venture, "ben@customer", "approve");
        JsonElement result = await http.PollUntilDoneAsync(accepted.Headers.Location!, cancellation);
        Console.WriteLine($"  both approved round 2: {result.GetProperty("output").GetProperty("outcome").GetString()}\n");

        // The exit gate started a pilot on every campaign; LinkedIn's low click rate needs longer than a week's pilot, so another is followed.
        JsonElement output = result.GetProperty("output");
        JsonElement tested = output.GetProperty("campaigns").EnumerateArray().First(c => c.GetProperty("channel").GetString() != "linkedin");
        string testedId = tested.GetProperty("campaignId").GetString()!;
        string pilot = output.GetProperty("pilots").EnumerateArray().First(p => p.GetProperty("campaignId").GetString() == testedId).GetProperty("testId").GetString()!;
        JsonElement running = (await http.GetFromJsonAsync<JsonElement[]>($"/api/ventures/{venture}/ab-tests", cancellation))!.Single(t => t.GetProperty("test_id").GetString() == pilot);
        Console.WriteLine($"A/B pilot the exit gate started: {testedId} {running.GetProperty("element").GetString()} on a 10 % pilot for 7 market days ({output.GetProperty("pilots").GetArrayLength()} pilots in all)");
        JsonElement record = (await http.PollUntilDoneAsync(new Uri($"/runtime/webhooks/durabletask/instances/{pilot}", UriKind.Relative), cancellation)).GetProperty("output");
        Console.WriteLine($"  {record.GetProperty("verdict").GetProperty("reason").GetString()}");
        Console.WriteLine($"  now served to everyone: {record.GetProperty("servedVariantId").GetString()}\n");

        for (int i = 0; i < Scores.Length; i++)
        {
            using HttpResponseMessage answer = await http.PostAsJsonAsync("/api/feedback", new { venture_id = venture, campaign_id = testedId, variant_id = record.GetProperty("servedVariantId").GetString(), respondent_id = $"customer-{i}", nps = Scores[i] }, cancellation);
            answer.EnsureSuccessStatusCode();
        }

        JsonElement feedback = await http.GetFromJsonAsync<JsonElement>($"/api/ventures/{venture}/feedback", cancellation);
        Console.WriteLine($"Survey: {Scores.Length} answers about {testedId}, venture NPS {feedback.GetProperty("summary").GetProperty("nps")}\n");
    }

    private async Task<JsonElement> RoundAsync(string venture, int round)
    {
        while (true)
        {
            using HttpResponseMessage response = await http.GetAsync($"/api/ventures/{venture}/reviews", cancellation);
            if (response.IsSuccessStatusCode)
            {
                JsonElement reviews = await response.Content.ReadFromJsonAsync<JsonElement>(cancellation);
                JsonElement latest = reviews.GetProperty("rounds").EnumerateArray().Last().GetProperty("round");
                if (latest.GetProperty("round").GetInt32() == round && latest.GetProperty("status").GetString() == "open")
                {
                    return reviews;
                }
            }

            await Task.Delay(100, cancellation);
        }
    }

    private async Task VoteAsync(string venture, string reviewer, string decision, params object[] comments)
    {
        using HttpResponseMessage response = await http.PostAsJsonAsync($"/api/ventures/{venture}/reviews", new { reviewer, decision, comments }, cancellation);
        response.EnsureSuccessStatusCode();
    }

    private static string Texts(JsonElement element) =>
        string.Join(" | ", element.GetProperty("variants").EnumerateArray().Select(v => $"\"{v.GetProperty("text").GetString()}\""));
}
