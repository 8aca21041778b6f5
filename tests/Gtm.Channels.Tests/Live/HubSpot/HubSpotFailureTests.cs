using System.Text.Json.Nodes;
using Gtm.Channels;
using Gtm.Channels.Live.HubSpot;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using static Gtm.Channels.Tests.Live.HubSpot.HubSpotStub;

namespace Gtm.Channels.Tests.Live.HubSpot;

/// <summary>How the HubSpot adapter meets a failing platform: held, retried, refused, unauthorized, lost answers.</summary>
public sealed class HubSpotFailureTests : IDisposable
{
    private readonly HubSpotStub stub = new();

    public void Dispose() => stub.Dispose();

    /// <summary>The workflow read answers these in turn; the email read answers at once.</summary>
    private void FlowReadAnswers(params IResponseBuilder[] answers)
    {
        for (int i = 0; i < answers.Length; i++)
        {
            var when = stub.Server.Given(Request.Create().WithPath($"{Flows}/{FlowId}").UsingGet()).InScenario("flow");
            (i == 0 ? when : when.WhenStateIs($"answered {i}")).WillSetStateTo($"answered {i + 1}").RespondWith(answers[i]);
        }

        stub.Answer("GET", $"{Emails}/{EmailId}", Email(true));
    }

    private static IResponseBuilder Ok() => Json(Flow(true));

    [Fact]
    public async Task A_429_is_retried_after_the_wait_its_Retry_After_asks_for()
    {
        FlowReadAnswers(Json(Error("RATE_LIMITS", "You have reached your ten_secondly_rolling limit."), 429).WithHeader("Retry-After", "1"), Ok());

        PlatformCampaign campaign = await stub.Adapter().GetAsync(CampaignId, CancellationToken.None);

        Assert.Equal(CampaignStatus.Active, campaign.Status);
        var reads = stub.RequestsTo("GET", $"{Flows}/{FlowId}");
        Assert.Equal(2, reads.Count);
        Assert.True(reads[1].RequestMessage.DateTime - reads[0].RequestMessage.DateTime >= TimeSpan.FromSeconds(0.9), "the retry came before Retry-After");
        stub.AssertEveryRequestIsAuthenticated();
    }

    [Fact]
    public async Task A_429_without_Retry_After_is_retried_after_HubSpots_interval()
    {
        FlowReadAnswers(
            Json(Error("RATE_LIMITS", "You have reached your ten_secondly_rolling limit."), 429)
                .WithHeader("X-HubSpot-RateLimit-Interval-Milliseconds", "1000").WithHeader("X-HubSpot-RateLimit-Max", "100").WithHeader("X-HubSpot-RateLimit-Remaining", "0"),
            Ok());

        await stub.Adapter().GetAsync(CampaignId, CancellationToken.None);

        var reads = stub.RequestsTo("GET", $"{Flows}/{FlowId}");
        Assert.Equal(2, reads.Count);
        Assert.True(reads[1].RequestMessage.DateTime - reads[0].RequestMessage.DateTime >= TimeSpan.FromSeconds(0.9), "the retry came before the interval passed");
    }

    [Fact]
    public async Task A_429_left_after_the_retries_is_retryable_and_says_when_HubSpots_interval_ends()
    {
        stub.Answer("GET", $"{Flows}/{FlowId}", Error("RATE_LIMITS", "You have reached your ten_secondly_rolling limit."), 429);
        stub.Server.Given(Request.Create().WithPath($"{Flows}/{FlowId}").UsingGet()).AtPriority(1)
            .RespondWith(Json(Error("RATE_LIMITS", "You have reached your ten_secondly_rolling limit."), 429).WithHeader("X-HubSpot-RateLimit-Interval-Milliseconds", "1000"));

        var limited = await Assert.ThrowsAsync<ChannelException>(() => stub.Adapter(s => s["Gtm:Channels:Email:MaxRetryAttempts"] = "1").GetAsync(CampaignId, CancellationToken.None));

        Assert.True(limited.Retryable);
        Assert.Equal(TimeSpan.FromSeconds(1), limited.RetryAfter);
        Assert.Contains("rate limited: 429 RATE_LIMITS: You have reached your ten_secondly_rolling limit.", limited.Message, StringComparison.Ordinal);
        Assert.Equal(2, stub.RequestsTo("GET", $"{Flows}/{FlowId}").Count);
    }

    [Fact]
    public async Task No_remaining_calls_hold_the_next_call_for_HubSpots_interval()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        stub.Server.Given(Request.Create().WithPath($"{Flows}/{FlowId}").UsingGet())
            .RespondWith(Ok().WithHeader("X-HubSpot-RateLimit-Remaining", "0").WithHeader("X-HubSpot-RateLimit-Interval-Milliseconds", "10000").WithHeader("X-HubSpot-RateLimit-Max", "100"));
        stub.Answer("GET", $"{Emails}/{EmailId}", Email(true));
        IChannelAdapter email = stub.Adapter(s => (s["Gtm:Channels:Email:AttemptTimeout"], s["Gtm:Channels:Email:TotalTimeout"]) = ("00:01:00", "00:05:00"), time);
        HubSpotRateWindow window = stub.Services!.GetRequiredService<HubSpotRateWindow>();

        Task<PlatformCampaign> get = email.GetAsync(CampaignId, CancellationToken.None);
        await Eventually(() => window.WaitsUntil is not null || get.IsCompleted);

        Assert.Equal(time.GetUtcNow().AddSeconds(10), window.WaitsUntil);
        Assert.Equal([$"GET {Flows}/{FlowId}"], stub.Calls());
        time.Advance(TimeSpan.FromSeconds(9));
        await Task.Delay(200);
        Assert.False(get.IsCompleted, "the email was read before the interval passed");
        time.Advance(TimeSpan.FromSeconds(1));
        await get.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([$"GET {Flows}/{FlowId}", $"GET {Emails}/{EmailId}"], stub.Calls());
    }

    [Fact]
    public async Task A_5xx_is_retried_until_HubSpot_answers()
    {
        FlowReadAnswers(Json(Error("INTERNAL_ERROR", "Something went wrong."), 502), Json(Error("INTERNAL_ERROR", "Something went wrong."), 503), Ok());

        PlatformCampaign campaign = await stub.Adapter().GetAsync(CampaignId, CancellationToken.None);

        Assert.Equal(CampaignId, campaign.PlatformCampaignId);
        Assert.Equal(3, stub.RequestsTo("GET", $"{Flows}/{FlowId}").Count);
    }

    [Fact]
    public async Task A_refusal_is_not_retried_and_carries_HubSpots_own_message()
    {
        stub.Campaign(Flow(true), Email(true));
        stub.Answer("PUT", $"{Flows}/{FlowId}", Error("VALIDATION_ERROR", "revisionId 3 is not the latest revision of flow 7770001"), 400);

        var refused = await Assert.ThrowsAsync<ChannelRefusedException>(() => stub.Adapter().PauseAsync(CampaignId, CancellationToken.None));

        Assert.Contains("400 VALIDATION_ERROR: revisionId 3 is not the latest revision of flow 7770001 (correlationId 8c3e9a52-1d2b-4c3f-9e0a-6f2b1c7d8e90)", refused.Message, StringComparison.Ordinal);
        Assert.False(refused.Retryable);
        Assert.Single(stub.RequestsTo("PUT", $"{Flows}/{FlowId}"));
    }

    [Theory]
    [InlineData(404, "OBJECT_NOT_FOUND")]
    [InlineData(409, "CONFLICT")]
    public async Task A_missing_or_conflicting_workflow_is_refused_after_one_call(int status, string category)
    {
        FlowReadAnswers(Json(Error(category, $"flow {FlowId}: {category}"), status));

        var refused = await Assert.ThrowsAsync<ChannelRefusedException>(() => stub.Adapter().GetAsync(CampaignId, CancellationToken.None));

        Assert.Contains($"{status} {category}", refused.Message, StringComparison.Ordinal);
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task An_expired_token_is_unauthorized_and_names_the_access_token_setting()
    {
        FlowReadAnswers(Json(Error("EXPIRED_AUTHENTICATION", "The OAuth token used to make this call expired 2 hour(s) ago."), 401));

        var unauthorized = await Assert.ThrowsAsync<ChannelUnauthorizedException>(() => stub.Adapter().GetAsync(CampaignId, CancellationToken.None));

        Assert.Equal("Gtm:Channels:Email:AccessToken", unauthorized.Setting);
        Assert.Contains("'Gtm:Channels:Email:AccessToken'", unauthorized.Message, StringComparison.Ordinal);
        Assert.Contains("EXPIRED_AUTHENTICATION", unauthorized.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AccessToken, unauthorized.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<ChannelRefusedException>(unauthorized);
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task A_campaign_created_before_its_answers_were_lost_is_found_again_and_created_once()
    {
        var request = new ProvisionRequest("instance-1:task-7", "v1", "c1", "Spring launch", 100m, "EUR", "healthy");
        string tag = Tag(request.IdempotencyKey);
        string name = $"Spring launch · v1/c1 · {tag}";

        // HubSpot makes the email and the workflow, but answers after the attempt's 1 s timeout; a create is not sent again.
        var emailsMade = new Made(stub, Emails);
        var flowsMade = new Made(stub, Flows);
        Lists(Emails, emailsMade, Listing(name, EmailId));
        Lists(Flows, flowsMade, Listing(name, FlowId));
        stub.Answer("GET", Emails, Listing(name), priority: 5);
        stub.Answer("GET", Flows, Listing(name), priority: 5);
        JsonObject state = State(budget: 10_000);
        state["gtm_tag"] = tag;
        stub.Campaign(Flow(false, state, name), Email(false, name: name));
        IChannelAdapter email = stub.Adapter(s => (s["Gtm:Channels:Email:MaxRetryAttempts"], s["Gtm:Channels:Email:AttemptTimeout"]) = ("1", "00:00:01"));

        PlatformCampaign found = await email.ProvisionAsync(request, CancellationToken.None);
        PlatformCampaign again = await email.ProvisionAsync(request, CancellationToken.None);

        Assert.Equal((CampaignId, "v1", "c1", CampaignStatus.Paused, 100m), (found.PlatformCampaignId, found.VentureId, found.CampaignId, found.Status, found.DailyBudget));
        Assert.Equal(CampaignId, again.PlatformCampaignId);
        // A rollback finds it by the same key, and finding never creates.
        Assert.Equal(CampaignId, (await email.FindProvisionedAsync(request, CancellationToken.None))?.PlatformCampaignId);
        Assert.Equal((1, 1), (emailsMade.Count, flowsMade.Count));
        // The workflow sends the email that was found.
        Assert.All(stub.RequestsTo("POST", Flows), r => Assert.Equal(EmailId, Body(r)["actions"]![0]!["fields"]!["content_id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Twins_left_by_a_provisioning_run_twice_are_removed_and_the_first_kept()
    {
        const string TwinEmail = "5550003";
        const string TwinFlow = "7770003";
        var request = new ProvisionRequest("instance-1:task-7", "v1", "c1", "Spring launch", 100m, "EUR", "healthy");
        string tag = Tag(request.IdempotencyKey);
        string name = $"Spring launch · v1/c1 · {tag}";
        bool Removed(string method, string path) => stub.RequestsTo(method, path).Count > 0;

        // An activity runs at least once: a worker that died mid-call was replaced, and both made the campaign.
        stub.Server.Given(Request.Create().WithPath(p => p == Emails && !Removed("DELETE", $"{Emails}/{TwinEmail}")).UsingGet()).AtPriority(1).RespondWith(Json(Listing(name, TwinEmail, EmailId)));
        stub.Server.Given(Request.Create().WithPath(p => p == Flows && !Removed("DELETE", $"{Flows}/{TwinFlow}")).UsingGet()).AtPriority(1).RespondWith(Json(Listing(name, TwinFlow, FlowId)));
        stub.Answer("GET", Emails, Listing(name, EmailId), priority: 5);
        stub.Answer("GET", Flows, Listing(name, FlowId), priority: 5);
        stub.Answer("DELETE", $"{Emails}/{TwinEmail}", new JsonObject(), 204);
        stub.Answer("DELETE", $"{Flows}/{TwinFlow}", new JsonObject(), 204);
        JsonObject state = State(budget: 10_000);
        state["gtm_tag"] = tag;
        stub.Campaign(Flow(false, state, name), Email(false, name: name));

        PlatformCampaign found = await stub.Adapter().ProvisionAsync(request, CancellationToken.None);

        Assert.Equal(CampaignId, found.PlatformCampaignId);
        Assert.Single(stub.RequestsTo("DELETE", $"{Emails}/{TwinEmail}"));
        Assert.Single(stub.RequestsTo("DELETE", $"{Flows}/{TwinFlow}"));
        Assert.Empty(stub.RequestsTo("POST", Emails));
        Assert.Empty(stub.RequestsTo("POST", Flows));
    }

    private static JsonObject Listing(string name, params string[] ids) =>
        new() { ["results"] = new JsonArray([.. ids.Select(id => (JsonNode)new JsonObject { ["id"] = id, ["name"] = name })]) };

    /// <summary>Once one was made, the listing shows it.</summary>
    private void Lists(string path, Made made, JsonObject listing) =>
        stub.Server.Given(Request.Create().WithPath(p => p == path && made.Count > 0).UsingGet()).AtPriority(1).RespondWith(Json(listing));

    /// <summary>Creates that HubSpot carries out (counted as they arrive) and answers 3 s later, after the client gave up.</summary>
    private sealed class Made
    {
        private int count;

        public Made(HubSpotStub stub, string path) =>
            stub.Server.Given(Request.Create().WithPath(path).UsingPost()).RespondWith(Response.Create().WithCallback(async _ =>
            {
                Interlocked.Increment(ref count);
                await Task.Delay(TimeSpan.FromSeconds(3));
                return new WireMock.ResponseMessage { StatusCode = 201 };
            }));

        public int Count => Volatile.Read(ref count);
    }

    private static async Task Eventually(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
