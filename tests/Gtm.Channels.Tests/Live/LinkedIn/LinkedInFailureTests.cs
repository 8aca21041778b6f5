using System.Security.Cryptography;
using System.Text;
using Gtm.Channels;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using static Gtm.Channels.Tests.Live.LinkedIn.LinkedInStub;

namespace Gtm.Channels.Tests.Live.LinkedIn;

/// <summary>How the LinkedIn adapter meets a failing platform: retried, waited, refused, unauthorized, lost answers.</summary>
public sealed class LinkedInFailureTests : IDisposable
{
    private const string Campaigns = $"{Root}/adCampaigns";
    private readonly LinkedInStub stub = new();

    public void Dispose() => stub.Dispose();

    /// <summary>The pause's PARTIAL_UPDATE answered in turn by <paramref name="answers"/>; the read after it succeeds.</summary>
    private void PauseAnswers(params IResponseBuilder[] answers)
    {
        Answers("pause", Request.Create().WithPath($"{Campaigns}/777").UsingPost(), answers);
        stub.Campaign(CampaignJson("777", "x", "PAUSED", "10.00"));
        stub.Creatives();
    }

    private void Answers(string scenario, IRequestBuilder request, IResponseBuilder[] answers)
    {
        for (int i = 0; i < answers.Length; i++)
        {
            var when = stub.Server.Given(request).InScenario(scenario);
            (i == 0 ? when : when.WhenStateIs($"answered {i}")).WillSetStateTo($"answered {i + 1}").RespondWith(answers[i]);
        }
    }

    private static IResponseBuilder Done() => Response.Create().WithStatusCode(204);

    private static ProvisionRequest Provision(string key) => new(key, "v1", "c1", "Spring launch", 100m, "EUR", "healthy");

    private static string Name(ProvisionRequest request) =>
        $"Spring launch · v1/c1 · gtm-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.IdempotencyKey)))[..16]}";

    [Fact]
    public async Task A_429_is_retried_after_the_wait_its_Retry_After_asks_for()
    {
        PauseAnswers(Json(Error(429, "TOO_MANY_REQUESTS", 101, "Resource level throttle APPLICATION DAY limit for calls to this resource is reached."), 429).WithHeader("Retry-After", "1"), Done());

        PlatformCampaign campaign = await stub.Adapter().PauseAsync("777", CancellationToken.None);

        Assert.Equal(CampaignStatus.Paused, campaign.Status);
        var calls = stub.RequestsTo("POST", $"{Campaigns}/777");
        Assert.Equal(2, calls.Count);
        Assert.True(calls[1].RequestMessage.DateTime - calls[0].RequestMessage.DateTime >= TimeSpan.FromSeconds(0.9), "the retry came before Retry-After");
        Assert.All(calls, call => AssertPatch(call, """{"status":"PAUSED"}"""));
        stub.AssertEveryRequestHasLinkedInsHeaders();
    }

    [Fact]
    public async Task A_429_without_Retry_After_is_retried_after_a_backoff()
    {
        PauseAnswers(Json(Error(429, "TOO_MANY_REQUESTS", 101, "Too many requests."), 429), Done());

        PlatformCampaign campaign = await stub.Adapter().PauseAsync("777", CancellationToken.None);

        Assert.Equal("777", campaign.PlatformCampaignId);
        Assert.Equal(2, stub.RequestsTo("POST", $"{Campaigns}/777").Count);
    }

    [Fact]
    public async Task A_5xx_is_retried_until_the_platform_answers()
    {
        PauseAnswers(Json(Error(503, "SERVICE_UNAVAILABLE", 0, "Service unavailable"), 503), Done());

        PlatformCampaign campaign = await stub.Adapter().PauseAsync("777", CancellationToken.None);

        Assert.Equal(CampaignStatus.Paused, campaign.Status);
        Assert.Equal(2, stub.RequestsTo("POST", $"{Campaigns}/777").Count);
    }

    [Theory]
    [InlineData(400, "INVALID_ARGUMENT", "dailyBudget amount is below the minimum of 10.00 EUR")]
    [InlineData(422, "UNPROCESSABLE_ENTITY", "Campaign in status ARCHIVED cannot be activated")]
    [InlineData(403, "ACCESS_DENIED", "Not enough permissions to access: adCampaigns.PARTIAL_UPDATE")]
    public async Task A_refusal_is_not_retried_and_carries_LinkedIns_own_message(int status, string code, string message)
    {
        PauseAnswers(Json(Error(status, code, 100, message), status));

        var refused = await Assert.ThrowsAnyAsync<ChannelRefusedException>(() => stub.Adapter().PauseAsync("777", CancellationToken.None));

        Assert.Contains($"{status} {code}, serviceErrorCode 100: {message}", refused.Message, StringComparison.Ordinal);
        Assert.False(refused.Retryable);
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task A_refusal_names_the_fields_LinkedIn_found_wrong()
    {
        var error = Error(400, "INVALID_ARGUMENT", 100, "Invalid value for field");
        error["errorDetails"] = new System.Text.Json.Nodes.JsonObject
        {
            ["inputErrors"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
            {
                ["description"] = "Currency must match the account currency USD",
                ["input"] = new System.Text.Json.Nodes.JsonObject { ["inputPath"] = new System.Text.Json.Nodes.JsonObject { ["fieldPath"] = "dailyBudget.currencyCode" } },
                ["code"] = "INVALID_VALUE",
            }),
        };
        Answers("budget", Request.Create().WithPath($"{Campaigns}/777").UsingPost(), [Json(error, 400)]);

        var refused = await Assert.ThrowsAsync<ChannelRefusedException>(() => stub.Adapter().SetDailyBudgetAsync("777", 20m, "EUR", CancellationToken.None));

        Assert.Contains("Invalid value for field (dailyBudget.currencyCode: Currency must match the account currency USD)", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_token_is_unauthorized_and_names_the_access_token_setting()
    {
        PauseAnswers(Json(Error(401, "EXPIRED_ACCESS_TOKEN", 65601, "The token used in the request has expired"), 401));

        var unauthorized = await Assert.ThrowsAsync<ChannelUnauthorizedException>(() => stub.Adapter().PauseAsync("777", CancellationToken.None));

        Assert.Equal("Gtm:Channels:LinkedIn:AccessToken", unauthorized.Setting);
        Assert.Contains("'Gtm:Channels:LinkedIn:AccessToken'", unauthorized.Message, StringComparison.Ordinal);
        Assert.Contains("The token used in the request has expired", unauthorized.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AccessToken, unauthorized.Message, StringComparison.Ordinal);
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task A_campaign_created_before_its_answer_was_lost_is_found_again_and_never_created_twice()
    {
        int creates = 0;
        ProvisionRequest request = Provision("instance-1:task-7");
        stub.Search([CampaignJson("888", Name(request), "PAUSED", "100.00")], priority: 1, when: () => Volatile.Read(ref creates) > 0);
        stub.Search([], priority: 5);
        // LinkedIn creates the campaign, but its answer comes after the attempt's 1 s timeout.
        stub.Server.Given(Request.Create().WithPath(Campaigns).UsingPost().WithBody(body => body is not null && Interlocked.Increment(ref creates) > 0))
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("x-restli-id", "888").WithDelay(TimeSpan.FromSeconds(3)));
        IChannelAdapter linkedIn = stub.Adapter(s => s["Gtm:Channels:LinkedIn:AttemptTimeout"] = "00:00:01");

        PlatformCampaign found = await linkedIn.ProvisionAsync(request, CancellationToken.None);
        PlatformCampaign again = await linkedIn.ProvisionAsync(request, CancellationToken.None);

        Assert.Equal(("888", "v1", "c1", CampaignStatus.Paused, 100m), (found.PlatformCampaignId, found.VentureId, found.CampaignId, found.Status, found.DailyBudget));
        Assert.Equal("888", again.PlatformCampaignId);
        // A rollback finds it by the same key, and finding never creates.
        Assert.Equal("888", (await linkedIn.FindProvisionedAsync(request, CancellationToken.None))?.PlatformCampaignId);
        Assert.Equal(1, Volatile.Read(ref creates));
    }

    [Fact]
    public async Task A_create_failing_with_a_5xx_is_not_sent_again_and_stays_retryable_when_nothing_was_created()
    {
        stub.Search([]);
        Answers("create", Request.Create().WithPath(Campaigns).UsingPost(), [Json(Error(500, "INTERNAL_SERVER_ERROR", 0, "Internal error"), 500), Response.Create().WithStatusCode(201).WithHeader("x-restli-id", "999")]);

        var failed = await Assert.ThrowsAsync<ChannelException>(() => stub.Adapter().ProvisionAsync(Provision("key-5xx"), CancellationToken.None));

        Assert.True(failed.Retryable);
        Assert.Single(stub.RequestsTo("POST", Campaigns));
        Assert.Equal(2, stub.RequestsTo("GET", Campaigns).Count);
    }

    [Fact]
    public async Task A_create_LinkedIn_rate_limited_is_sent_again_as_nothing_was_created()
    {
        stub.Search([]);
        Answers("create", Request.Create().WithPath(Campaigns).UsingPost(), [Json(Error(429, "TOO_MANY_REQUESTS", 101, "Too many requests."), 429), Response.Create().WithStatusCode(201).WithHeader("x-linkedin-id", "urn:li:sponsoredCampaign:999")]);

        PlatformCampaign campaign = await stub.Adapter().ProvisionAsync(Provision("key-429"), CancellationToken.None);

        Assert.Equal("999", campaign.PlatformCampaignId);
        Assert.Equal(2, stub.RequestsTo("POST", Campaigns).Count);
    }
}
