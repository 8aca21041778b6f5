using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gtm.Activities.Storage;
using Gtm.Domain.Content;

namespace Gtm.Functions.Tests.Review;

/// <summary>The customer validation gate of 17.2 (SPEC C3) through the API, on skipped time.</summary>
[Trait("Category", "Integration")]
public sealed class CustomerValidationGateTests : IAsyncLifetime
{
    private ReviewGate gate = null!;

    public async Task InitializeAsync() => gate = await ReviewGate.StartAsync();

    public async Task DisposeAsync() => await gate.DisposeAsync();

    [Fact(Timeout = 120_000)]
    public async Task An_approved_review_lets_the_stage_launch()
    {
        string venture = Id("approve");
        Uri status = await gate.KickoffAsync(ReviewGate.Venture(venture, new { reviewers = new[] { "ana@customer" } }, enterprise: false));

        JsonElement reviews = await gate.ReviewsAsync(venture);
        Assert.Equal("open", ReviewGate.LatestRound(reviews).GetProperty("status").GetString());
        Assert.True(reviews.GetProperty("under_review").GetArrayLength() > 0);

        using HttpResponseMessage vote = await gate.VoteAsync(venture, "ana@customer", "approve");
        Assert.Equal(HttpStatusCode.Accepted, vote.StatusCode);
        Assert.Equal("launched", (await gate.OutputAsync(status)).GetProperty("outcome").GetString());
        Assert.Equal("approved", ReviewGate.LatestRound(await gate.ReviewsAsync(venture)).GetProperty("status").GetString());
    }

    [Fact(Timeout = 120_000)]
    public async Task A_rejected_element_is_regenerated_from_the_comments_and_its_suggester_cannot_approve_it()
    {
        string venture = Id("reject");
        Uri status = await gate.KickoffAsync(ReviewGate.Venture(venture, new { reviewers = new[] { "ana@customer", "ben@customer", "cy@customer" }, quorum = 2 }, enterprise: false));
        JsonElement round1 = (await gate.ReviewsAsync(venture)).GetProperty("under_review");
        JsonElement google = round1.EnumerateArray().First(c => c.GetProperty("channel").GetString() == "google_ads");
        string campaignId = google.GetProperty("id").GetString()!;
        string[] rejected = Texts(google, "headline");

        using HttpResponseMessage ana = await gate.VoteAsync(venture, "ana@customer", "reject",
            new { campaign_id = campaignId, element = "headline", comment = "Too generic: name the outcome", suggested_text = "Close books in one day" });
        Assert.Equal(HttpStatusCode.Accepted, ana.StatusCode);
        using HttpResponseMessage ben = await gate.VoteAsync(venture, "ben@customer", "reject",
            new { campaign_id = campaignId, element = "headline", comment = "Say what it saves" });
        Assert.Equal(HttpStatusCode.Accepted, ben.StatusCode);

        // Two rejections leave one possible approval of the two needed: round 2 has the headline regenerated.
        JsonElement reviews = await gate.ReviewsAsync(venture);
        Assert.Equal(2, ReviewGate.LatestRound(reviews).GetProperty("round").GetInt32());
        JsonElement round2 = reviews.GetProperty("under_review");
        string[] regenerated = Texts(round2.EnumerateArray().Single(c => c.GetProperty("id").GetString() == campaignId), "headline");
        Assert.Equal("Close books in one day", regenerated[0]);
        Assert.Empty(regenerated.Intersect(rejected));
        Assert.Equal(rejected.Length, regenerated.Length);
        Assert.Equal(Texts(google, "description"), Texts(round2.EnumerateArray().Single(c => c.GetProperty("id").GetString() == campaignId), "description"));
        foreach (JsonElement other in round1.EnumerateArray().Where(c => c.GetProperty("id").GetString() != campaignId))
        {
            Assert.Equal(other.ToString(), round2.EnumerateArray().Single(c => c.GetProperty("id").GetString() == other.GetProperty("id").GetString()).ToString());
        }

        using HttpResponseMessage self = await gate.VoteAsync(venture, "ana@customer", "approve");
        Assert.Equal(HttpStatusCode.Forbidden, self.StatusCode);
        Assert.Contains("authored", await self.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        (await gate.VoteAsync(venture, "ben@customer", "approve")).Dispose();
        (await gate.VoteAsync(venture, "cy@customer", "approve")).Dispose();

        Assert.Equal("launched", (await gate.OutputAsync(status)).GetProperty("outcome").GetString());
        CampaignContent launched = (await gate.Market.Service<ContentStore>().GetAsync(venture, campaignId, 1, CancellationToken.None))!;
        Assert.Equal("Close books in one day", launched.Elements.Single(e => e.Kind == "headline").Variants[0].Text);
    }

    [Fact(Timeout = 120_000)]
    public async Task On_timeout_the_approve_policy_launches()
    {
        string venture = Id("t-approve");
        Uri status = await gate.KickoffAsync(ReviewGate.Venture(venture, new { reviewers = new[] { "ana@customer" }, timeout_hours = 24, timeout_policy = "approve" }, enterprise: false));
        await gate.Market.RunAsync(TimeSpan.FromHours(23));
        Assert.Equal("open", ReviewGate.LatestRound(await gate.ReviewsAsync(venture)).GetProperty("status").GetString());
        await gate.Market.RunAsync(TimeSpan.FromHours(2));

        Assert.Equal("launched", (await gate.OutputAsync(status)).GetProperty("outcome").GetString());
        Assert.Equal("approved_on_timeout", ReviewGate.LatestRound(await gate.ReviewsAsync(venture)).GetProperty("status").GetString());
    }

    [Fact(Timeout = 120_000)]
    public async Task On_timeout_the_fail_policy_ends_the_stage_with_nothing_provisioned()
    {
        string venture = Id("t-fail");
        Uri status = await gate.KickoffAsync(ReviewGate.Venture(venture, new { reviewers = new[] { "ana@customer" }, timeout_hours = 24, timeout_policy = "fail" }, enterprise: false));
        await gate.Market.RunAsync(TimeSpan.FromHours(25));

        JsonElement output = await gate.OutputAsync(status);
        Assert.Equal("review_refused", output.GetProperty("outcome").GetString());
        Assert.Contains("no decision within 24 h", output.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, output.GetProperty("campaigns").GetArrayLength());
        Assert.Equal("timed_out", ReviewGate.LatestRound(await gate.ReviewsAsync(venture)).GetProperty("status").GetString());
        using HttpResponseMessage late = await gate.VoteAsync(venture, "ana@customer", "approve");
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
    }

    [Fact(Timeout = 120_000)]
    public async Task On_timeout_the_escalate_policy_waits_for_the_lead_whose_decision_is_audited()
    {
        string venture = Id("t-lead");
        Uri status = await gate.KickoffAsync(ReviewGate.Venture(venture, new { reviewers = new[] { "ana@customer" }, timeout_hours = 24, timeout_policy = "escalate" }, enterprise: false));
        await gate.Market.RunAsync(TimeSpan.FromHours(25));
        Assert.Equal("escalated", ReviewGate.LatestRound(await gate.ReviewsAsync(venture)).GetProperty("status").GetString());

        var decision = new { decided_by = "lead@studio", decision = "approve", reason = "customer on holiday; copy checked by hand" };
        using HttpResponseMessage notAdmin = await gate.Reviewers.PostAsJsonAsync($"/api/ventures/{venture}/reviews/escalation", decision);
        Assert.Equal(HttpStatusCode.Unauthorized, notAdmin.StatusCode);
        using HttpResponseMessage author = await gate.Market.Client.PostAsJsonAsync($"/api/ventures/{venture}/reviews/escalation", decision with { decided_by = "owner@venture" });
        Assert.Equal(HttpStatusCode.Forbidden, author.StatusCode);
        using HttpResponseMessage lead = await gate.Market.Client.PostAsJsonAsync($"/api/ventures/{venture}/reviews/escalation", decision);
        Assert.Equal(HttpStatusCode.Accepted, lead.StatusCode);
        await gate.Market.RunAsync(TimeSpan.Zero);

        Assert.Equal("launched", (await gate.OutputAsync(status)).GetProperty("outcome").GetString());
        Assert.Equal("approved_by_lead", ReviewGate.LatestRound(await gate.ReviewsAsync(venture)).GetProperty("status").GetString());
        Assert.Contains(await gate.Market.Service<AuditLog>().ListAsync(venture, CancellationToken.None), e => e.Who == "lead@studio" && e.Why == decision.reason);
    }

    [Fact(Timeout = 120_000)]
    public async Task An_enterprise_board_approves_at_its_quorum()
    {
        string venture = Id("quorum");
        Uri status = await gate.KickoffAsync(ReviewGate.Venture(venture, new { reviewers = new[] { "a@board", "b@board", "c@board" }, quorum = 2 }, enterprise: true));
        (await gate.VoteAsync(venture, "a@board", "approve")).Dispose();
        (await gate.VoteAsync(venture, "b@board", "reject", new { campaign_id = await AnyCampaignAsync(venture), element = "call_to_action", comment = "Too pushy" })).Dispose();
        Assert.Equal("open", ReviewGate.LatestRound(await gate.ReviewsAsync(venture)).GetProperty("status").GetString());
        (await gate.VoteAsync(venture, "c@board", "approve")).Dispose();

        Assert.Equal("launched", (await gate.OutputAsync(status)).GetProperty("outcome").GetString());
        Assert.Equal("approved", ReviewGate.LatestRound(await gate.ReviewsAsync(venture)).GetProperty("status").GetString());
    }

    [Fact(Timeout = 120_000)]
    public async Task A_board_that_cannot_reach_its_quorum_rejects_and_with_no_rounds_left_refuses_the_content()
    {
        string venture = Id("no-quorum");
        Uri status = await gate.KickoffAsync(ReviewGate.Venture(venture, new { reviewers = new[] { "a@board", "b@board", "c@board" }, quorum = 2, max_rounds = 1 }, enterprise: true));
        string campaign = await AnyCampaignAsync(venture);
        (await gate.VoteAsync(venture, "a@board", "approve")).Dispose();
        (await gate.VoteAsync(venture, "b@board", "reject", new { campaign_id = campaign, element = "call_to_action", comment = "Too pushy" })).Dispose();
        (await gate.VoteAsync(venture, "c@board", "reject", new { campaign_id = campaign, element = "call_to_action", comment = "Off brand" })).Dispose();

        JsonElement output = await gate.OutputAsync(status);
        Assert.Equal("review_refused", output.GetProperty("outcome").GetString());
        Assert.Equal("rejected", ReviewGate.LatestRound(await gate.ReviewsAsync(venture)).GetProperty("status").GetString());
    }

    [Fact(Timeout = 120_000)]
    public async Task Duplicate_outsider_and_invalid_reviews_are_refused_and_change_nothing()
    {
        string venture = Id("refuse");
        await gate.KickoffAsync(ReviewGate.Venture(venture, new { reviewers = new[] { "a@board", "b@board", "c@board" }, quorum = 3 }, enterprise: true));
        string campaign = await AnyCampaignAsync(venture);

        using HttpResponseMessage first = await gate.VoteAsync(venture, "a@board", "approve");
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        using HttpResponseMessage twice = await gate.VoteAsync(venture, "A@board", "approve");
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        using HttpResponseMessage outsider = await gate.VoteAsync(venture, "mallory@elsewhere", "approve");
        Assert.Equal(HttpStatusCode.Forbidden, outsider.StatusCode);
        using HttpResponseMessage noComment = await gate.VoteAsync(venture, "b@board", "reject");
        Assert.Equal(HttpStatusCode.BadRequest, noComment.StatusCode);
        Assert.Contains("/comments", await noComment.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using HttpResponseMessage tooLong = await gate.VoteAsync(venture, "b@board", "reject", new { campaign_id = campaign, element = "call_to_action", comment = "shorter", suggested_text = new string('x', 200) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("/comments/0/suggested_text", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        JsonElement round = (await gate.ReviewsAsync(venture)).GetProperty("rounds")[0];
        Assert.Equal("open", round.GetProperty("round").GetProperty("status").GetString());
        Assert.Equal("a@board", Assert.Single(round.GetProperty("votes").EnumerateArray()).GetProperty("reviewer").GetString());
    }

    [Fact(Timeout = 120_000)]
    public async Task An_enterprise_venture_without_a_board_is_refused_at_kickoff()
    {
        using HttpResponseMessage response = await gate.Market.Client.PostAsJsonAsync("/api/ventures", ReviewGate.Venture(Id("board"), new { reviewers = new[] { "ana@customer" } }, enterprise: true));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("/customer_validation/reviewers", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<string> AnyCampaignAsync(string venture) =>
        (await gate.ReviewsAsync(venture)).GetProperty("under_review")[0].GetProperty("id").GetString()!;

    private static string[] Texts(JsonElement campaign, string element) =>
        [.. campaign.GetProperty("elements").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == element)
            .GetProperty("variants").EnumerateArray().Select(v => v.GetProperty("text").GetString()!)];

    private static string Id(string name) => $"gate-{name}-{Guid.NewGuid():N}"[..24];
}
