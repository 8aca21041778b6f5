using System.Text.Json.Nodes;
using Gtm.Channels;
using WireMock.RequestBuilders;
using static Gtm.Channels.Tests.Live.GoogleAds.GoogleAdsStub;

namespace Gtm.Channels.Tests.Live.GoogleAds;

/// <summary>How the Google Ads adapter meets a failing platform: retried, waited, refused, unauthorized, lost answers.</summary>
public sealed class GoogleAdsFailureTests : IDisposable
{
    private const string Campaign = $"customers/{Customer}/campaigns/777";
    private readonly GoogleAdsStub stub = new();

    public void Dispose() => stub.Dispose();

    private void PauseAnswers(params WireMock.ResponseBuilders.IResponseBuilder[] answers)
    {
        for (int i = 0; i < answers.Length; i++)
        {
            var when = stub.Server.Given(Request.Create().WithPath($"{Root}/campaigns:mutate").UsingPost()).InScenario("pause");
            (i == 0 ? when : when.WhenStateIs($"answered {i}")).WillSetStateTo($"answered {i + 1}").RespondWith(answers[i]);
        }

        stub.Search("campaign.id = 777", [CampaignRow("777", "x", "PAUSED", 1_000_000)]);
    }

    private static JsonObject Done() => new() { ["results"] = new JsonArray(new JsonObject { ["resourceName"] = Campaign }) };

    [Fact]
    public async Task A_429_is_retried_after_the_wait_its_Retry_After_asks_for()
    {
        PauseAnswers(
            Json(Failure(429, "RESOURCE_EXHAUSTED", "quotaError", "RESOURCE_TEMPORARILY_EXHAUSTED", "Too many requests."), 429).WithHeader("Retry-After", "1"),
            Json(Done()));

        PlatformCampaign campaign = await stub.Adapter().PauseAsync("777", CancellationToken.None);

        Assert.Equal(CampaignStatus.Paused, campaign.Status);
        var calls = stub.RequestsTo("campaigns:mutate");
        Assert.Equal(2, calls.Count);
        Assert.True(calls[1].RequestMessage.DateTime - calls[0].RequestMessage.DateTime >= TimeSpan.FromSeconds(0.9), "the retry came before Retry-After");
        stub.AssertEveryRequestIsAuthenticated();
    }

    [Fact]
    public async Task A_5xx_is_retried_until_the_platform_answers()
    {
        PauseAnswers(Json(new JsonObject { ["error"] = new JsonObject { ["code"] = 503, ["status"] = "UNAVAILABLE", ["message"] = "busy" } }, 503), Json(Done()));

        PlatformCampaign campaign = await stub.Adapter().PauseAsync("777", CancellationToken.None);

        Assert.Equal("777", campaign.PlatformCampaignId);
        Assert.Equal(2, stub.RequestsTo("campaigns:mutate").Count);
    }

    [Fact]
    public async Task A_refusal_is_not_retried_and_carries_the_platforms_own_message()
    {
        PauseAnswers(Json(Failure(400, "INVALID_ARGUMENT", "campaignError", "CANNOT_MODIFY_REMOVED_CAMPAIGN", "Cannot modify a removed campaign."), 400));

        var refused = await Assert.ThrowsAsync<ChannelRefusedException>(() => stub.Adapter().PauseAsync("777", CancellationToken.None));

        Assert.Contains("CANNOT_MODIFY_REMOVED_CAMPAIGN: Cannot modify a removed campaign.", refused.Message, StringComparison.Ordinal);
        Assert.False(refused.Retryable);
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task An_expired_token_is_unauthorized_and_names_the_access_token_setting()
    {
        var expired = new JsonObject { ["error"] = new JsonObject { ["code"] = 401, ["status"] = "UNAUTHENTICATED", ["message"] = "Request had invalid authentication credentials." } };
        PauseAnswers(Json(expired, 401));

        var unauthorized = await Assert.ThrowsAsync<ChannelUnauthorizedException>(() => stub.Adapter().PauseAsync("777", CancellationToken.None));

        Assert.Equal("Gtm:Channels:GoogleAds:AccessToken", unauthorized.Setting);
        Assert.Contains("'Gtm:Channels:GoogleAds:AccessToken'", unauthorized.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AccessToken, unauthorized.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<ChannelRefusedException>(unauthorized);
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task A_developer_token_error_names_the_developer_token_setting()
    {
        PauseAnswers(Json(Failure(403, "PERMISSION_DENIED", "authorizationError", "DEVELOPER_TOKEN_NOT_APPROVED", "The developer token is only approved for test accounts."), 403));

        var unauthorized = await Assert.ThrowsAsync<ChannelUnauthorizedException>(() => stub.Adapter().PauseAsync("777", CancellationToken.None));

        Assert.Equal("Gtm:Channels:GoogleAds:DeveloperToken", unauthorized.Setting);
    }

    [Fact]
    public async Task A_campaign_created_before_its_answer_was_lost_is_found_again_by_its_idempotency_key()
    {
        int creates = 0;
        var request = new ProvisionRequest("instance-1:task-7", "v1", "c1", "Spring launch", 100m, "EUR", "healthy");
        string name = $"Spring launch · v1/c1 · gtm-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(request.IdempotencyKey)))[..16]}";
        stub.Search("campaign.name LIKE", [CampaignRow("888", name, "PAUSED", 100_000_000)], priority: 1, when: () => Volatile.Read(ref creates) > 0);
        stub.Search("campaign.name LIKE", [], priority: 5);
        stub.Search("FROM customer", [new JsonObject { ["customer"] = new JsonObject { ["currencyCode"] = "EUR" } }]);
        stub.Mutate("campaignBudgets", $"customers/{Customer}/campaignBudgets/55");
        // Google creates the campaign, but every answer comes after the attempt's 1 s timeout.
        stub.Server.Given(Request.Create().WithPath($"{Root}/campaigns:mutate").UsingPost()
                .WithBody(body => body is not null && body.Contains("advertisingChannelType", StringComparison.Ordinal) && Interlocked.Increment(ref creates) > 0))
            .RespondWith(Json(Done()).WithDelay(TimeSpan.FromSeconds(3)));
        IChannelAdapter google = stub.Adapter(s =>
        {
            s["Gtm:Channels:GoogleAds:MaxRetryAttempts"] = "1";
            s["Gtm:Channels:GoogleAds:AttemptTimeout"] = "00:00:01";
        });

        PlatformCampaign found = await google.ProvisionAsync(request, CancellationToken.None);
        int createsBefore = Volatile.Read(ref creates);
        PlatformCampaign again = await google.ProvisionAsync(request, CancellationToken.None);

        Assert.Equal(("888", "v1", "c1", CampaignStatus.Paused), (found.PlatformCampaignId, found.VentureId, found.CampaignId, found.Status));
        Assert.Equal("888", again.PlatformCampaignId);
        // A rollback finds it by the same key, and finding never creates.
        Assert.Equal("888", (await google.FindProvisionedAsync(request, CancellationToken.None))?.PlatformCampaignId);
        Assert.Equal(createsBefore, Volatile.Read(ref creates));
    }
}
