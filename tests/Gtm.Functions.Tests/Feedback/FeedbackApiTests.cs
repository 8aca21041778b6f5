using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Gtm.Activities.Storage;
using Gtm.Domain.Content;
using Gtm.Domain.Feedback;
using Gtm.Domain.Ventures;
using Gtm.Functions.Feedback;
using Gtm.Functions.Tests.Support;
using Gtm.Functions.Tests.Ventures;
using Gtm.Testing;

namespace Gtm.Functions.Tests.Feedback;

/// <summary>
/// SPEC C9 on Azurite: survey answers about a launched venture's content, refused when invalid,
/// unknown or repeated, and summed up per variant, campaign and venture against hand-computed NPS.
/// </summary>
[Trait("Category", "Integration")]
public sealed class FeedbackApiTests : OperatorApiTest
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact(Timeout = 120_000)]
    public async Task Answers_are_stored_and_summed_up_per_variant_campaign_and_venture()
    {
        (string venture, CampaignContent[] contents) = await LaunchAsync();
        CampaignContent first = Campaign(contents, "controllers", "linkedin"), second = Campaign(contents, "accountants", "email");
        ContentVariant a = first.Elements[0].Variants[0], b = first.Elements[0].Variants[1], other = second.Elements[1].Variants[0];

        using HttpResponseMessage created = await AnswerAsync(Answer(venture, first.Id, a.Id, "person-1@example.com", 10));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        JsonElement stored = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((venture, first.Id, a.Id, first.Elements[0].Kind, a.Text, "linkedin", "b2b_enterprise", 1, 10),
            (Str(stored, "venture_id"), Str(stored, "campaign_id"), Str(stored, "variant_id"), Str(stored, "element"), Str(stored, "text"), Str(stored, "channel"), Str(stored, "segment_type"), stored.GetProperty("content_generation").GetInt32(), stored.GetProperty("nps").GetInt32()));
        Assert.False(stored.TryGetProperty("respondent_id", out _));
        Assert.DoesNotContain("person-1@example.com", stored.ToString(), StringComparison.Ordinal);

        // First campaign: variant a 10, 9, 3 (NPS 33); variant b 7, 0 (NPS −50); together 10, 9, 3, 7, 0: NPS 0, mean 5.8.
        // Second campaign: 8, 10: NPS 50, mean 9. The venture: 10, 9, 3, 7, 0, 8, 10: 3 promoters, 2 detractors of 7, NPS 14, mean 6.71.
        await AnswerCreatedAsync(Answer(venture, first.Id, a.Id, "person-2@example.com", 9, "  Clear about the close.  "));
        await AnswerCreatedAsync(Answer(venture, first.Id, a.Id, "person-3@example.com", 3));
        await AnswerCreatedAsync(Answer(venture, first.Id, b.Id, "person-4@example.com", 7));
        await AnswerCreatedAsync(Answer(venture, first.Id, b.Id, "person-5@example.com", 0, "Did not say what it costs."));
        await AnswerCreatedAsync(Answer(venture, second.Id, other.Id, "person-1@example.com", 8));
        await AnswerCreatedAsync(Answer(venture, second.Id, other.Id, "person-6@example.com", 10, "Exactly\nwhat I needed."));

        JsonElement report = await Client.GetFromJsonAsync<JsonElement>($"/api/ventures/{venture}/feedback");
        AssertSummary(report.GetProperty("summary"), 7, 3, 2, 2, 14, 6.71);
        JsonElement[] campaigns = [.. report.GetProperty("campaigns").EnumerateArray()];
        Assert.Equal(contents.Length, campaigns.Length);
        AssertSummary(campaigns.Single(c => Str(c, "campaign_id") == first.Id).GetProperty("summary"), 5, 2, 1, 2, 0, 5.8);
        AssertSummary(campaigns.Single(c => Str(c, "campaign_id") == second.Id).GetProperty("summary"), 2, 1, 1, 0, 50, 9);
        JsonElement silent = campaigns.First(c => Str(c, "campaign_id") != first.Id && Str(c, "campaign_id") != second.Id).GetProperty("summary");
        Assert.Equal((0, JsonValueKind.Null, JsonValueKind.Null), (silent.GetProperty("responses").GetInt32(), silent.GetProperty("nps").ValueKind, silent.GetProperty("mean_score").ValueKind));

        JsonElement[] variants = [.. report.GetProperty("variants").EnumerateArray()];
        Assert.Equal(3, variants.Length);
        JsonElement variantA = variants.Single(v => Str(v, "campaign_id") == first.Id && Str(v, "variant_id") == a.Id);
        Assert.Equal((first.Elements[0].Kind, a.Text), (Str(variantA, "element"), Str(variantA, "text")));
        AssertSummary(variantA.GetProperty("summary"), 3, 2, 0, 1, 33, 7.33);
        AssertSummary(variants.Single(v => Str(v, "variant_id") == b.Id).GetProperty("summary"), 2, 0, 1, 1, -50, 3.5);

        JsonElement[] comments = [.. report.GetProperty("comments").EnumerateArray()];
        Assert.Equal(["Exactly\nwhat I needed.", "Did not say what it costs.", "Clear about the close."], comments.Select(c => Str(c, "text")));
        Assert.Equal((0, first.Id, b.Id), (comments[1].GetProperty("nps").GetInt32(), Str(comments[1], "campaign_id"), Str(comments[1], "variant_id")));
        Assert.True(comments[0].GetProperty("submitted_at").GetDateTimeOffset() >= comments[1].GetProperty("submitted_at").GetDateTimeOffset());

        JsonElement campaign = await Client.GetFromJsonAsync<JsonElement>($"/api/ventures/{venture}/campaigns/{first.Id}/feedback");
        Assert.Equal((first.Id, "linkedin"), (Str(campaign, "campaign_id"), Str(campaign, "channel")));
        AssertSummary(campaign.GetProperty("summary"), 5, 2, 1, 2, 0, 5.8);
        Assert.Equal(2, campaign.GetProperty("variants").GetArrayLength());
        Assert.Equal(["Did not say what it costs.", "Clear about the close."], campaign.GetProperty("comments").EnumerateArray().Select(c => Str(c, "text")));

        // The respondent is stored only as a hash in the row key.
        await foreach (TableEntity row in Host.Service<GtmStorage>().Feedback.QueryAsync<TableEntity>(r => r.PartitionKey == venture))
        {
            Assert.DoesNotContain("@example.com", JsonSerializer.Serialize(row), StringComparison.Ordinal);
            Assert.Matches("^.+\\|[0-9a-f]{64}$", row.RowKey);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Invalid_or_unknown_answers_are_refused_with_a_pointer_and_nothing_is_stored()
    {
        (string venture, CampaignContent[] contents) = await LaunchAsync();
        CampaignContent content = contents[0];
        string variant = content.Elements[0].Variants[0].Id;

        await AssertRefusedAsync(Json(Answer(venture, content.Id, variant, "r-1", 11)), HttpStatusCode.BadRequest, "/nps");
        await AssertRefusedAsync(Json(Answer(venture, content.Id, variant, "r-1", -1)), HttpStatusCode.BadRequest, "/nps");
        await AssertRefusedAsync($$"""{"venture_id":"{{venture}}","campaign_id":"{{content.Id}}","variant_id":"{{variant}}","respondent_id":"r-1","nps":7.5}""", HttpStatusCode.BadRequest, "/nps");
        await AssertRefusedAsync($$"""{"venture_id":"{{venture}}","campaign_id":"{{content.Id}}","variant_id":"{{variant}}","respondent_id":"r-1","nps":"9"}""", HttpStatusCode.BadRequest, "/nps");
        await AssertRefusedAsync($$"""{"venture_id":"{{venture}}","campaign_id":"{{content.Id}}","variant_id":"{{variant}}","nps":9}""", HttpStatusCode.BadRequest, "/respondent_id");
        await AssertRefusedAsync(Json(Answer(venture, content.Id, variant, "r-1", 9, new string('x', 1001))), HttpStatusCode.BadRequest, "/comment");
        await AssertRefusedAsync($$"""{"venture_id":"{{venture}}","nps":""", HttpStatusCode.BadRequest, "");
        using (HttpResponseMessage tooLarge = await AnswerAsync(Json(Answer(venture, content.Id, variant, "r-1", 9, new string('x', SubmitFeedback.MaxBodyCharacters)))))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        }

        await AssertRefusedAsync(Json(Answer("no-such-venture", content.Id, variant, "r-1", 9)), HttpStatusCode.NotFound, "/venture_id");
        await AssertRefusedAsync(Json(Answer(venture, "no-such-campaign", variant, "r-1", 9)), HttpStatusCode.NotFound, "/campaign_id");
        await AssertRefusedAsync(Json(Answer(venture, content.Id, "headline-z", "r-1", 9)), HttpStatusCode.NotFound, "/variant_id");

        Assert.Empty(await Host.Service<FeedbackStore>().ForVentureAsync(venture, None));
        JsonElement report = await Client.GetFromJsonAsync<JsonElement>($"/api/ventures/{venture}/feedback");
        Assert.Equal(0, report.GetProperty("summary").GetProperty("responses").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync(new Uri("/api/ventures/no-such-venture/feedback", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync(new Uri($"/api/ventures/{venture}/campaigns/no-such-campaign/feedback", UriKind.Relative))).StatusCode);
    }

    [Fact(Timeout = 120_000)]
    public async Task An_answer_that_is_not_utf8_is_a_400_problem_and_nothing_is_stored()
    {
        (string venture, CampaignContent[] contents) = await LaunchAsync();
        CampaignContent content = contents[0];
        using HttpClient survey = Host.CreateClient();
        survey.DefaultRequestHeaders.Add("x-functions-key", FunctionsHost.FunctionKey);

        // A valid answer but for two bytes that are no UTF-8 inside its comment.
        object answer = Answer(venture, content.Id, content.Elements[0].Variants[0].Id, "r-utf8", 9, "Clear MARK copy");
        using ByteArrayContent body = NotUtf8.Json(Json(answer), "MARK");
        using HttpResponseMessage response = await survey.PostAsync(new Uri("/api/feedback", UriKind.Relative), body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("UTF-8", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Empty(await Host.Service<FeedbackStore>().ForVentureAsync(venture, None));

        // The same answer in UTF-8 is taken: the bytes were all that was wrong.
        await AnswerCreatedAsync(answer);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_second_answer_by_a_respondent_about_a_campaign_is_a_conflict_that_changes_nothing_while_another_campaign_takes_it()
    {
        (string venture, CampaignContent[] contents) = await LaunchAsync();
        CampaignContent first = contents[0], second = contents[1];
        string variant = first.Elements[0].Variants[0].Id;
        await AnswerCreatedAsync(Answer(venture, first.Id, variant, "repeat@example.com", 10, "Great."));

        using HttpResponseMessage again = await AnswerAsync(Answer(venture, first.Id, first.Elements[0].Variants[1].Id, "repeat@example.com", 0, "Changed my mind."));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        JsonElement report = await Client.GetFromJsonAsync<JsonElement>($"/api/ventures/{venture}/campaigns/{first.Id}/feedback");
        AssertSummary(report.GetProperty("summary"), 1, 1, 0, 0, 100, 10);
        Assert.Equal(["Great."], report.GetProperty("comments").EnumerateArray().Select(c => Str(c, "text")));

        await AnswerCreatedAsync(Answer(venture, second.Id, second.Elements[0].Variants[0].Id, "repeat@example.com", 6));
        AssertSummary((await Client.GetFromJsonAsync<JsonElement>($"/api/ventures/{venture}/feedback")).GetProperty("summary"), 2, 1, 0, 1, 0, 8);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_variant_of_any_generation_is_taken_and_an_id_in_several_means_the_live_generations_text()
    {
        (string venture, CampaignContent[] contents) = await LaunchAsync();
        CampaignContent launch = contents[0];
        ContentElement element = launch.Elements[0];
        CampaignContent regenerated = launch with
        {
            Elements = [element with { Variants = [new ContentVariant(element.Variants[0].Id, "A newer text for the same id"), new ContentVariant($"{element.Kind}-z", "Only in generation 2")] }, .. launch.Elements.Skip(1)],
        };
        await Host.Service<ContentStore>().SaveAsync(2, [regenerated], None);

        using HttpResponseMessage onlyInTwo = await AnswerAsync(Answer(venture, launch.Id, $"{element.Kind}-z", "gen-1", 9));
        JsonElement two = await onlyInTwo.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((HttpStatusCode.Created, 2, "Only in generation 2"), (onlyInTwo.StatusCode, two.GetProperty("content_generation").GetInt32(), Str(two, "text")));

        // The venture is monitored on generation 1, so the id both generations hold means generation 1's text.
        using HttpResponseMessage inBoth = await AnswerAsync(Answer(venture, launch.Id, element.Variants[0].Id, "gen-2", 9));
        JsonElement both = await inBoth.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((HttpStatusCode.Created, 1, element.Variants[0].Text), (inBoth.StatusCode, both.GetProperty("content_generation").GetInt32(), Str(both, "text")));
    }

    [Fact(Timeout = 120_000)]
    public async Task Ratings_give_each_rated_copy_pattern_for_a_segment_type_and_channel()
    {
        (string venture, CampaignContent[] contents) = await LaunchAsync();
        CampaignContent controllers = Campaign(contents, "controllers", "linkedin"), cfos = Campaign(contents, "cfos", "linkedin"), email = Campaign(contents, "controllers", "email");
        ContentVariant best = controllers.Elements[0].Variants[0], worst = cfos.Elements[1].Variants[2];
        await AnswerCreatedAsync(Answer(venture, controllers.Id, best.Id, "r-1", 10));
        await AnswerCreatedAsync(Answer(venture, controllers.Id, best.Id, "r-2", 9));
        await AnswerCreatedAsync(Answer(venture, cfos.Id, worst.Id, "r-1", 2));
        await AnswerCreatedAsync(Answer(venture, email.Id, email.Elements[0].Variants[0].Id, "r-1", 10));

        IReadOnlyList<ContentRating> ratings = await Host.Service<FeedbackStore>().RatingsAsync("b2b_enterprise", "linkedin", None);
        Assert.Equal(
            [new ContentRating(controllers.Elements[0].Kind, Pattern(venture, best.Text, "controllers"), new NpsSummary(2, 2, 0, 0, 100, 9.5)), new ContentRating(cfos.Elements[1].Kind, Pattern(venture, worst.Text, "cfos"), new NpsSummary(1, 0, 0, 1, -100, 2))],
            ratings);
        Assert.Equal(2, ratings[0].Responses);
        Assert.Empty(await Host.Service<FeedbackStore>().RatingsAsync("b2b_smb", "linkedin", None));
        Assert.Single(await Host.Service<FeedbackStore>().RatingsAsync("b2b_enterprise", "email", None));
    }

    [Fact(Timeout = 60_000)]
    public async Task Nothing_answers_without_a_key()
    {
        using HttpClient anonymous = Host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/feedback", Answer("v", "c", "headline-a", "r", 9))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/api/ventures/v/feedback", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/api/ventures/v/campaigns/c/feedback", UriKind.Relative))).StatusCode);
        anonymous.DefaultRequestHeaders.Add("x-functions-key", "not-a-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/feedback", Answer("v", "c", "headline-a", "r", 9))).StatusCode);
    }

    private async Task<(string Venture, CampaignContent[] Contents)> LaunchAsync()
    {
        string venture = $"fb-{Guid.NewGuid():N}"[..16];
        JsonElement launched = await VentureClient.LaunchAsync(Client, venture);
        Assert.True(Str(launched, "outcome") == "launched", launched.ToString());
        ContentStore store = Host.Service<ContentStore>();
        var contents = new List<CampaignContent>();
        foreach (JsonElement campaign in launched.GetProperty("campaigns").EnumerateArray())
        {
            contents.Add((await store.GetAsync(venture, Str(campaign, "campaignId")!, 1, None))!);
        }

        return (venture, [.. contents]);
    }

    private static CampaignContent Campaign(CampaignContent[] contents, string segment, string channel) =>
        contents.Single(c => c.SegmentId == segment && c.Channel == channel);

    private static object Answer(string venture, string campaign, string variant, string respondent, int nps, string? comment = null) =>
        new { venture_id = venture, campaign_id = campaign, variant_id = variant, respondent_id = respondent, nps, comment };

    private static string Json(object answer) => JsonSerializer.Serialize(answer);

    /// <summary>As the survey tool answers: with a function key.</summary>
    private async Task<HttpResponseMessage> AnswerAsync(object answer) => await AnswerAsync(Json(answer));

    private async Task<HttpResponseMessage> AnswerAsync(string body)
    {
        using HttpClient survey = Host.CreateClient();
        survey.DefaultRequestHeaders.Add("x-functions-key", FunctionsHost.FunctionKey);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await survey.PostAsync(new Uri("/api/feedback", UriKind.Relative), content);
    }

    private async Task AnswerCreatedAsync(object answer)
    {
        using HttpResponseMessage response = await AnswerAsync(answer);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private async Task AssertRefusedAsync(string body, HttpStatusCode status, string pointer)
    {
        using HttpResponseMessage response = await AnswerAsync(body);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([pointer], problem.GetProperty("errors").EnumerateArray().Select(e => Str(e, "pointer")));
    }

    private static void AssertSummary(JsonElement summary, int responses, int promoters, int passives, int detractors, int nps, double mean) =>
        Assert.Equal(
            (responses, promoters, passives, detractors, nps, mean),
            (summary.GetProperty("responses").GetInt32(), summary.GetProperty("promoters").GetInt32(), summary.GetProperty("passives").GetInt32(), summary.GetProperty("detractors").GetInt32(), summary.GetProperty("nps").GetInt32(), summary.GetProperty("mean_score").GetDouble()));

    private static string? Str(JsonElement element, string property) => element.GetProperty(property).GetString();

    /// <summary>The text in the venture's own words turned into slots, as ratings carry it to other ventures.</summary>
    private static string Pattern(string venture, string text, string segmentId)
    {
        VentureInputs inputs = StandardVenture.Create(venture).Deserialize<VentureInputs>(ContractJson.Options)!;
        return CopyPattern.Extract(text, inputs.MarketStrategy, inputs.CustomerSegments.Single(s => s.Id == segmentId));
    }
}
