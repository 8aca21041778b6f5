using System.Text.Json.Nodes;
using Gtm.Channels;
using static Gtm.Channels.Tests.Live.HubSpot.HubSpotStub;

namespace Gtm.Channels.Tests.Live.HubSpot;

/// <summary>Creatives and A/B tests of the email through HubSpot's email variation.</summary>
public sealed class HubSpotExperimentTests : IDisposable
{
    private static readonly ExperimentSpec Spec = new("t1", "subject_line", [new("a", "Stop losing invoices"), new("b", "Invoices, found in seconds")], 0.2);
    private readonly HubSpotStub stub = new();

    public void Dispose() => stub.Dispose();

    /// <summary>The test as the workflow records it, started when the email had delivered 900 and been clicked 20 times.</summary>
    private static JsonObject Test(string? winner = null) => new()
    {
        ["TestId"] = "t1",
        ["Element"] = "subject_line",
        ["ControlId"] = "a",
        ["VariantId"] = "b",
        ["VariationEmailId"] = VariationId,
        ["DeliveredBefore"] = 900,
        ["ClicksBefore"] = 20,
        ["Winner"] = winner,
    };

    /// <summary>Compares a workflow update, reading the recorded test as the JSON it is.</summary>
    private static void AssertUpdate(JsonObject expected, JsonNode actual)
    {
        static JsonNode Normal(JsonNode node)
        {
            JsonNode copy = node.DeepClone();
            if (copy["customProperties"]?["gtm_test"] is { } test)
            {
                copy["customProperties"]!["gtm_test"] = JsonNode.Parse(test.GetValue<string>());
            }

            return copy;
        }

        AssertJson(Normal(expected), Normal(actual));
    }

    [Fact]
    public async Task Start_creates_the_variation_writes_both_subjects_and_the_tests_settings_and_records_the_test()
    {
        stub.Campaign(Flow(true), Email(false, delivered: 900, clicks: 20));
        stub.Writes();
        stub.Answer("POST", $"{Emails}/ab-test/create-variation", Email(false, id: VariationId));
        stub.Answer("PATCH", $"{Emails}/{VariationId}", new JsonObject { ["id"] = VariationId });

        PlatformCampaign campaign = await stub.Adapter().StartExperimentAsync(CampaignId, Spec, CancellationToken.None);

        Assert.Equal(CampaignStatus.Paused, campaign.Status);
        stub.AssertEveryRequestIsAuthenticated();
        Assert.Equal(
            [$"GET {Flows}/{FlowId}", $"GET {Emails}/{EmailId}", $"POST {Emails}/ab-test/create-variation", $"PATCH {Emails}/{VariationId}", $"PATCH {Emails}/{EmailId}", $"PUT {Flows}/{FlowId}"],
            stub.Calls());
        Assert.Equal("true", Query(stub.Requests[1], "includeStats"));
        AssertJson(new JsonObject { ["contentId"] = EmailId, ["variationName"] = "c1 · v1/c1 · gtm-0123456789abcdef · t1 · b" }, Body(stub.Requests[2]));
        AssertJson(new JsonObject { ["subject"] = "Invoices, found in seconds" }, Body(stub.Requests[3]));
        AssertJson(
            JsonNode.Parse("""
                {"subject":"Stop losing invoices",
                 "testing":{"abTestPercentage":20,"abSuccessMetric":"CLICKS_BY_DELIVERED","abSamplingDefault":"master","abSampleSizeDefault":"master"}}
                """)!,
            Body(stub.Requests[4]));
        AssertUpdate(FlowUpdate(true, State(variations: VariationId, test: Test())), Body(stub.Requests[5]));
    }

    [Fact]
    public async Task Start_on_a_published_email_publishes_the_variation_too()
    {
        stub.Campaign(Flow(true), Email(true, delivered: 900, clicks: 20));
        stub.Writes();
        stub.Answer("POST", $"{Emails}/ab-test/create-variation", Email(false, id: VariationId));
        stub.Answer("PATCH", $"{Emails}/{VariationId}", new JsonObject { ["id"] = VariationId });
        stub.Answer("POST", $"{Emails}/{VariationId}/publish", new JsonObject(), 204);

        PlatformCampaign campaign = await stub.Adapter().StartExperimentAsync(CampaignId, Spec, CancellationToken.None);

        Assert.Equal(CampaignStatus.Active, campaign.Status);
        Assert.Single(stub.RequestsTo("POST", $"{Emails}/{VariationId}/publish"));
        Assert.Empty(stub.RequestsTo("POST", $"{Emails}/{EmailId}/publish"));
    }

    [Fact]
    public async Task A_variation_created_before_its_answer_was_lost_is_found_again()
    {
        stub.Campaign(Flow(false), Email(false, delivered: 900, clicks: 20));
        stub.Writes();
        stub.Answer("POST", $"{Emails}/ab-test/create-variation", Error("INTERNAL_ERROR", "Something went wrong"), 503);
        stub.Answer("GET", $"{Emails}/{EmailId}/ab-test/get-variation", Email(false, id: VariationId));
        stub.Answer("PATCH", $"{Emails}/{VariationId}", new JsonObject { ["id"] = VariationId });

        await stub.Adapter(s => s["Gtm:Channels:Email:MaxRetryAttempts"] = "1").StartExperimentAsync(CampaignId, Spec, CancellationToken.None);

        // Sent once: after a 5xx whether HubSpot made it is unknown, and the variation is looked up instead.
        Assert.Single(stub.RequestsTo("POST", $"{Emails}/ab-test/create-variation"));
        AssertUpdate(FlowUpdate(false, State(variations: VariationId, test: Test())), Body(Assert.Single(stub.RequestsTo("PUT", $"{Flows}/{FlowId}"))));
    }

    [Fact]
    public async Task Starting_the_same_test_again_changes_nothing_and_another_is_refused_while_it_runs()
    {
        stub.Campaign(Flow(true, State(variations: VariationId, test: Test())), Email(true));
        IChannelAdapter email = stub.Adapter();

        await email.StartExperimentAsync(CampaignId, Spec, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<ChannelRefusedException>(() => email.StartExperimentAsync(CampaignId, Spec with { TestId = "t2" }, CancellationToken.None));

        Assert.Contains("already runs experiment t1", refused.Message, StringComparison.Ordinal);
        Assert.All(stub.Requests, r => Assert.Equal("GET", r.RequestMessage.Method));
    }

    [Theory]
    [InlineData("body", 2)]
    [InlineData("preheader", 2)]
    [InlineData("subject_line", 3)]
    public async Task Tests_HubSpot_cannot_run_are_refused_without_a_call(string element, int variants)
    {
        var spec = new ExperimentSpec("t9", element, [.. Enumerable.Range(0, variants).Select(i => new ExperimentVariant($"v{i}", $"text {i}"))], 0.2);

        var refused = await Assert.ThrowsAsync<ChannelRefusedException>(() => stub.Adapter().StartExperimentAsync(CampaignId, spec, CancellationToken.None));

        Assert.False(refused.Retryable);
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task Read_counts_each_variant_since_the_test_began()
    {
        stub.Campaign(Flow(true, State(variations: VariationId, test: Test())), Email(true, delivered: 1300, clicks: 32));
        stub.Answer("GET", $"{Emails}/{VariationId}", Email(true, id: VariationId, delivered: 410, clicks: 19));

        ExperimentMetrics metrics = await stub.Adapter().ReadExperimentAsync(CampaignId, "t1", CancellationToken.None);

        Assert.Equal([new ExperimentArm("a", 400, 12), new ExperimentArm("b", 410, 19)], metrics.Arms);
        Assert.Equal(("t1", "subject_line", true), (metrics.TestId, metrics.Element, metrics.Running));
        var variation = Assert.Single(stub.RequestsTo("GET", $"{Emails}/{VariationId}"));
        Assert.Equal(("true", "false"), (Query(variation, "includeStats"), Query(variation, "archived")));
        stub.AssertEveryRequestIsAuthenticated();
    }

    [Fact]
    public async Task Reading_a_test_the_campaign_never_ran_is_refused()
    {
        stub.Campaign(Flow(true), Email(true));

        await Assert.ThrowsAsync<ChannelRefusedException>(() => stub.Adapter().ReadExperimentAsync(CampaignId, "t1", CancellationToken.None));
    }

    [Fact]
    public async Task Ending_with_the_variant_writes_its_subject_into_the_email_and_archives_the_variation()
    {
        stub.Campaign(Flow(true, State(variations: VariationId, test: Test())), Email(true));
        stub.Writes();
        stub.Answer("GET", $"{Emails}/{VariationId}", Email(true, id: VariationId, subject: "Invoices, found in seconds"));
        stub.Answer("DELETE", $"{Emails}/{VariationId}", new JsonObject(), 204);

        PlatformCampaign campaign = await stub.Adapter().EndExperimentAsync(CampaignId, "t1", "b", CancellationToken.None);

        Assert.Equal("b", campaign.Served!["subject_line"]);
        Assert.Equal(
            [$"GET {Flows}/{FlowId}", $"GET {Emails}/{EmailId}", $"GET {Emails}/{VariationId}", $"PATCH {Emails}/{EmailId}", $"DELETE {Emails}/{VariationId}", $"PUT {Flows}/{FlowId}"],
            stub.Calls());
        AssertJson(new JsonObject { ["subject"] = "Invoices, found in seconds" }, Body(stub.Requests[3]));
        AssertUpdate(FlowUpdate(true, State(served: """{"subject_line":"b"}""", variations: VariationId, test: Test("b"))), Body(stub.Requests[5]));
        stub.AssertEveryRequestIsAuthenticated();
    }

    [Fact]
    public async Task Ending_with_the_control_keeps_the_email_and_archives_the_variation()
    {
        stub.Campaign(Flow(true, State(variations: VariationId, test: Test())), Email(true));
        stub.Writes();
        stub.Answer("DELETE", $"{Emails}/{VariationId}", new JsonObject(), 204);

        PlatformCampaign campaign = await stub.Adapter().EndExperimentAsync(CampaignId, "t1", "a", CancellationToken.None);

        Assert.Equal("a", campaign.Served!["subject_line"]);
        Assert.Empty(stub.RequestsTo("PATCH", $"{Emails}/{EmailId}"));
        Assert.Single(stub.RequestsTo("DELETE", $"{Emails}/{VariationId}"));
        AssertUpdate(FlowUpdate(true, State(served: """{"subject_line":"a"}""", variations: VariationId, test: Test("a"))), Body(Assert.Single(stub.RequestsTo("PUT", $"{Flows}/{FlowId}"))));
    }

    [Fact]
    public async Task Ending_again_changes_nothing_and_another_winner_is_refused()
    {
        stub.Campaign(Flow(true, State(served: """{"subject_line":"b"}""", variations: VariationId, test: Test("b"))), Email(true));
        IChannelAdapter email = stub.Adapter();

        PlatformCampaign again = await email.EndExperimentAsync(CampaignId, "t1", "b", CancellationToken.None);
        await Assert.ThrowsAsync<ChannelRefusedException>(() => email.EndExperimentAsync(CampaignId, "t1", "a", CancellationToken.None));
        await Assert.ThrowsAsync<ChannelRefusedException>(() => email.EndExperimentAsync(CampaignId, "t1", "z", CancellationToken.None));

        Assert.Equal("b", again.Served!["subject_line"]);
        Assert.All(stub.Requests, r => Assert.Equal("GET", r.RequestMessage.Method));
    }

    [Fact]
    public async Task The_generation_the_email_serves_is_accepted_and_others_or_a_split_are_refused()
    {
        stub.Campaign(Flow(true), Email(true));
        IChannelAdapter email = stub.Adapter();

        PlatformCampaign same = await email.SetCreativesAsync(CampaignId, CreativeSplit.Launch, CancellationToken.None);
        var other = await Assert.ThrowsAsync<ChannelRefusedException>(() => email.SetCreativesAsync(CampaignId, new CreativeSplit(2), CancellationToken.None));
        var split = await Assert.ThrowsAsync<ChannelRefusedException>(() => email.SetCreativesAsync(CampaignId, new CreativeSplit(1, 2, 0.1), CancellationToken.None));

        Assert.Equal(CreativeSplit.Launch, same.Creatives);
        Assert.Contains("no copy of that generation", other.Message, StringComparison.Ordinal);
        Assert.Contains("A/B test", split.Message, StringComparison.Ordinal);
        Assert.All(stub.Requests, r => Assert.Equal("GET", r.RequestMessage.Method));
    }
}
