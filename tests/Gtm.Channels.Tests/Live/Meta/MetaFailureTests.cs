using System.Text.Json.Nodes;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using static Gtm.Channels.Tests.Live.Meta.MetaStub;

namespace Gtm.Channels.Tests.Live.Meta;

/// <summary>How the Meta adapter meets a failing Graph API: retried, refused, unauthorized, held, lost answers.</summary>
public sealed class MetaFailureTests : IDisposable
{
    private const string Campaign = $"{Graph}/777";
    private readonly MetaStub stub = new();

    public void Dispose() => stub.Dispose();

    /// <summary>A pause whose <c>POST /777</c> gets these answers in turn; the read after it succeeds.</summary>
    private void PauseAnswers(params IResponseBuilder[] answers)
    {
        for (int i = 0; i < answers.Length; i++)
        {
            var when = stub.Server.Given(Request.Create().WithPath(Campaign).UsingPost()).InScenario("pause");
            (i == 0 ? when : when.WhenStateIs($"answered {i}")).WillSetStateTo($"answered {i + 1}").RespondWith(answers[i]);
        }

        stub.AccountCurrency("EUR");
        stub.Campaign("777", "Spring launch · v1/c1 · gtm-0123456789abcdef", "PAUSED", 1000);
    }

    private static IResponseBuilder Success() => Json(new JsonObject { ["success"] = true });

    [Theory]
    [InlineData(17, 400, 2446079, "User request limit reached")]
    [InlineData(613, 400, 1487742, "There have been too many calls from this ad-account. Please wait a bit and try again.")]
    [InlineData(80004, 400, 2446079, "There have been too many calls to this ad-account. Wait a bit and try again.")]
    [InlineData(4, 403, null, "Application request limit reached")]
    [InlineData(32, 403, null, "Page request limit reached")]
    public async Task A_rate_limit_error_in_the_body_is_retried_whatever_its_status(int code, int status, int? subcode, string message)
    {
        PauseAnswers(Json(Error(code, "OAuthException", message, subcode), status), Success());

        PlatformCampaign campaign = await stub.Adapter().PauseAsync("777", CancellationToken.None);

        Assert.Equal(CampaignStatus.Paused, campaign.Status);
        Assert.Equal(2, stub.RequestsTo("POST", Campaign).Count);
        Assert.All(stub.RequestsTo("POST", Campaign), r => Assert.Equal(new() { ["status"] = "PAUSED" }, Form(r)));
        stub.AssertEveryRequestIsAuthenticated();
    }

    [Fact]
    public async Task A_rate_limit_that_outlasts_the_retries_is_retryable_with_metas_message()
    {
        var limited = Json(Error(17, "OAuthException", "User request limit reached", 2446079), 400);
        PauseAnswers(limited, limited, limited, limited);

        var failure = await Assert.ThrowsAsync<ChannelException>(() => stub.Adapter().PauseAsync("777", CancellationToken.None));

        Assert.True(failure.Retryable);
        Assert.Contains("User request limit reached", failure.Message, StringComparison.Ordinal);
        Assert.Contains("code 17, subcode 2446079", failure.Message, StringComparison.Ordinal);
        Assert.Equal(4, stub.RequestsTo("POST", Campaign).Count);
    }

    [Fact]
    public async Task A_5xx_is_retried_until_the_platform_answers()
    {
        PauseAnswers(Json(Error(2, "OAuthException", "An unexpected error has occurred. Please retry your request later."), 500), Success());

        PlatformCampaign campaign = await stub.Adapter().PauseAsync("777", CancellationToken.None);

        Assert.Equal("777", campaign.PlatformCampaignId);
        Assert.Equal(2, stub.RequestsTo("POST", Campaign).Count);
    }

    [Fact]
    public async Task A_refusal_is_not_retried_and_carries_metas_own_message()
    {
        PauseAnswers(Json(Error(100, "OAuthException", "Invalid parameter", 1885650), 400));

        var refused = await Assert.ThrowsAsync<ChannelRefusedException>(() => stub.Adapter().PauseAsync("777", CancellationToken.None));

        Assert.Contains("Invalid parameter (OAuthException code 100, subcode 1885650, fbtrace_id AbCdEfGh123)", refused.Message, StringComparison.Ordinal);
        Assert.False(refused.Retryable);
        Assert.IsNotType<ChannelUnauthorizedException>(refused);
        Assert.Single(stub.Requests);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    public async Task An_expired_token_is_unauthorized_and_names_the_access_token_setting(int status)
    {
        PauseAnswers(Json(Error(190, "OAuthException", "Error validating access token: Session has expired on Friday, 09-Jan-26 10:00:00 PST.", 463), status));

        var unauthorized = await Assert.ThrowsAsync<ChannelUnauthorizedException>(() => stub.Adapter().PauseAsync("777", CancellationToken.None));

        Assert.Equal("Gtm:Channels:Meta:AccessToken", unauthorized.Setting);
        Assert.Contains("'Gtm:Channels:Meta:AccessToken'", unauthorized.Message, StringComparison.Ordinal);
        Assert.Contains("Session has expired", unauthorized.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AccessToken, unauthorized.Message, StringComparison.Ordinal);
        Assert.False(unauthorized.Retryable);
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task A_missing_permission_is_unauthorized_too_as_only_a_new_token_mends_it()
    {
        PauseAnswers(Json(Error(200, "OAuthException", "(#200) Requires ads_management permission to manage the object"), 400));

        var unauthorized = await Assert.ThrowsAsync<ChannelUnauthorizedException>(() => stub.Adapter().PauseAsync("777", CancellationToken.None));

        Assert.Equal("Gtm:Channels:Meta:AccessToken", unauthorized.Setting);
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task A_business_use_case_limit_asking_for_minutes_is_handed_back_with_that_wait_not_retried_into_the_wall()
    {
        PauseAnswers(
            Json(Error(80004, "OAuthException", "There have been too many calls to this ad-account. Wait a bit and try again.", 2446079), 400)
                .WithHeader("X-Business-Use-Case-Usage", BusinessUseCaseUsage(callCount: 100, regainMinutes: 7)),
            Success());
        IChannelAdapter meta = stub.Adapter();

        var limited = await Assert.ThrowsAsync<ChannelException>(() => meta.PauseAsync("777", CancellationToken.None));
        var held = await Assert.ThrowsAsync<ChannelException>(() => meta.GetAsync("777", CancellationToken.None));

        Assert.True(limited.Retryable);
        Assert.InRange(limited.RetryAfter!.Value, TimeSpan.FromMinutes(7) - TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(7));
        Assert.Contains("too many calls to this ad-account", limited.Message, StringComparison.Ordinal);
        Assert.True(held.Retryable);
        Assert.NotNull(held.RetryAfter);
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task A_campaign_created_before_its_answer_was_lost_is_found_again_by_its_key_and_created_once()
    {
        var request = new ProvisionRequest("instance-1:task-7", "v1", "c1", "Spring launch", 12.34m, "EUR", "healthy");
        string name = $"Spring launch · v1/c1 · {MetaChannelTests.Tag(request.IdempotencyKey)}";
        int creates = 0;
        stub.CampaignList([]);
        stub.CampaignList([CampaignNode("120210000000000888", name, "PAUSED", 1234)], when: () => Volatile.Read(ref creates) > 0);
        stub.AccountCurrency("EUR");
        // Meta creates the campaign, but its answer comes after the attempt's 1 s timeout.
        stub.Server.Given(Request.Create().WithPath($"{AccountPath}/campaigns").UsingPost()
                .WithBody((IDictionary<string, string>? form) => form is not null && form.ContainsKey("objective") && Interlocked.Increment(ref creates) > 0))
            .RespondWith(Json(new JsonObject { ["id"] = "120210000000000888" }).WithDelay(TimeSpan.FromSeconds(3)));
        IChannelAdapter meta = stub.Adapter(s => s["Gtm:Channels:Meta:AttemptTimeout"] = "00:00:01");

        PlatformCampaign found = await meta.ProvisionAsync(request, CancellationToken.None);
        PlatformCampaign again = await meta.ProvisionAsync(request, CancellationToken.None);

        Assert.Equal(("120210000000000888", "v1", "c1", CampaignStatus.Paused, 1234L), (found.PlatformCampaignId, found.VentureId, found.CampaignId, found.Status, found.BudgetInPlatformUnits));
        Assert.Equal("120210000000000888", again.PlatformCampaignId);
        // A rollback finds it by the same key, and finding never creates.
        Assert.Equal("120210000000000888", (await meta.FindProvisionedAsync(request, CancellationToken.None))?.PlatformCampaignId);
        // The stub logs a request once it has answered; the counter sees it when it arrives.
        Assert.Equal(1, Volatile.Read(ref creates));
        Assert.Equal(4, stub.RequestsTo("GET", $"{AccountPath}/campaigns").Count);
    }

    [Fact]
    public async Task A_create_that_failed_with_a_5xx_is_not_sent_again_and_is_retryable_when_nothing_was_created()
    {
        stub.CampaignList([]);
        stub.AccountCurrency("EUR");
        stub.Server.Given(Request.Create().WithPath($"{AccountPath}/campaigns").UsingPost())
            .RespondWith(Json(Error(1, "OAuthException", "An unknown error occurred"), 500));

        var failure = await Assert.ThrowsAsync<ChannelException>(() => stub.Adapter().ProvisionAsync(new("k", "v1", "c1", "n", 10m, "EUR", "healthy"), CancellationToken.None));

        Assert.True(failure.Retryable);
        Assert.Contains("An unknown error occurred", failure.Message, StringComparison.Ordinal);
        Assert.Single(stub.RequestsTo("POST", $"{AccountPath}/campaigns"));
        Assert.Equal(2, stub.RequestsTo("GET", $"{AccountPath}/campaigns").Count);
    }
}
