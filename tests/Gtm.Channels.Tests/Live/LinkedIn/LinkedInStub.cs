using System.Text.Json.Nodes;
using Gtm.Channels.Live;
using Microsoft.Extensions.DependencyInjection;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Gtm.Channels.Tests.Live.LinkedIn;

/// <summary>
/// LinkedIn's versioned Marketing API as a WireMock stub on loopback, and the live adapter pointed
/// at it through the product's own registration. Every request it saw can be checked: method,
/// path, raw query, headers, body.
/// </summary>
internal sealed class LinkedInStub : IDisposable
{
    public const string Account = "508123456";
    public const string Group = "600111222";
    public const string AccessToken = "AQX-linkedin-test-token";
    public const string Version = "202511";
    public const string Root = $"/rest/adAccounts/{Account}";

    public WireMockServer Server { get; } = WireMockServer.Start();

    public Dictionary<string, string?> Settings() => new()
    {
        ["Gtm:Channels:LinkedIn:Mode"] = "live",
        ["Gtm:Channels:LinkedIn:BaseUrl"] = Server.Url,
        ["Gtm:Channels:LinkedIn:AccessToken"] = AccessToken,
        ["Gtm:Channels:LinkedIn:AdAccountId"] = Account,
        ["Gtm:Channels:LinkedIn:Version"] = Version,
        ["Gtm:Channels:LinkedIn:CampaignGroupId"] = Group,
        ["Gtm:Channels:LinkedIn:Locations"] = "101282230, 106693272",
        ["Gtm:Channels:LinkedIn:Locale"] = "de_DE",
        // Roomy enough for a cold stub on a loaded machine; the lost-answer tests shorten it.
        ["Gtm:Channels:LinkedIn:AttemptTimeout"] = "00:00:05",
        ["Gtm:Channels:LinkedIn:TotalTimeout"] = "00:00:20",
        ["Gtm:Channels:LinkedIn:RetryDelay"] = "00:00:00.010",
        ["Gtm:Channels:LinkedIn:MaxRetryAttempts"] = "3",
    };

    /// <summary>The live adapter as the product registers it (the other channels stay unregistered: no sandbox storage).</summary>
    public IChannelAdapter Adapter(Action<Dictionary<string, string?>>? change = null)
    {
        Dictionary<string, string?> settings = Settings();
        change?.Invoke(settings);
        return LiveChannelServices.Build(settings).GetRequiredService<ChannelAdapters>().For("linkedin");
    }

    /// <summary>GET of one campaign.</summary>
    public void Campaign(JsonObject campaign) =>
        Server.Given(Request.Create().WithPath($"{Root}/adCampaigns/{campaign["id"]}").UsingGet()).RespondWith(Json(campaign));

    /// <summary>The campaign search finder's answer.</summary>
    public void Search(JsonArray campaigns, int priority = 10, Func<bool>? when = null) =>
        Server.Given(Request.Create().WithPath($"{Root}/adCampaigns").UsingGet()
                .WithParam(query => query.TryGetValue("q", out var q) && q.Contains("search") && (when?.Invoke() ?? true)))
            .AtPriority(priority)
            .RespondWith(Json(new JsonObject { ["elements"] = campaigns, ["metadata"] = new JsonObject() }));

    /// <summary>A create answered as LinkedIn does: 201, no body, the id in x-restli-id.</summary>
    public void Create(string id) =>
        Server.Given(Request.Create().WithPath($"{Root}/adCampaigns").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("x-restli-id", id));

    /// <summary>PARTIAL_UPDATEs of a campaign, answered 204.</summary>
    public void Update(string id) =>
        Server.Given(Request.Create().WithPath($"{Root}/adCampaigns/{id}").UsingPost()).RespondWith(Response.Create().WithStatusCode(204));

    public void Creatives(params JsonObject[] creatives) =>
        Server.Given(Request.Create().WithPath($"{Root}/creatives").UsingGet())
            .RespondWith(Json(new JsonObject { ["elements"] = new JsonArray([.. creatives]), ["metadata"] = new JsonObject() }));

    /// <summary>PARTIAL_UPDATEs of any creative, answered 204.</summary>
    public void UpdateCreatives() =>
        Server.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher($"{Root}/creatives/*")).UsingPost()).RespondWith(Response.Create().WithStatusCode(204));

    public void Analytics(string pivot, params JsonObject[] rows) =>
        Server.Given(Request.Create().WithPath("/rest/adAnalytics").UsingGet().WithParam("pivot", pivot))
            .RespondWith(Json(new JsonObject { ["elements"] = new JsonArray([.. rows]), ["paging"] = new JsonObject { ["start"] = 0, ["count"] = 10 } }));

    public static IResponseBuilder Json(JsonNode body, int status = 200) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body.ToJsonString());

    /// <summary>LinkedIn's error body.</summary>
    public static JsonObject Error(int status, string code, int serviceErrorCode, string message) => new()
    {
        ["status"] = status,
        ["code"] = code,
        ["serviceErrorCode"] = serviceErrorCode,
        ["message"] = message,
    };

    /// <summary>A campaign as LinkedIn returns it, created on 3 November 2025.</summary>
    public static JsonObject CampaignJson(string id, string name, string status, string amount, string currency = "EUR") => new()
    {
        ["id"] = long.Parse(id, System.Globalization.CultureInfo.InvariantCulture),
        ["account"] = $"urn:li:sponsoredAccount:{Account}",
        ["campaignGroup"] = $"urn:li:sponsoredCampaignGroup:{Group}",
        ["name"] = name,
        ["status"] = status,
        ["type"] = "SPONSORED_UPDATES",
        ["dailyBudget"] = new JsonObject { ["amount"] = amount, ["currencyCode"] = currency },
        ["runSchedule"] = new JsonObject { ["start"] = 1762166400000 },
        ["changeAuditStamps"] = new JsonObject
        {
            ["created"] = new JsonObject { ["time"] = 1762171234000 },
            ["lastModified"] = new JsonObject { ["time"] = 1762171234000 },
        },
    };

    public static JsonObject CreativeJson(string id, string campaignId, string status, string name) => new()
    {
        ["id"] = $"urn:li:sponsoredCreative:{id}",
        ["campaign"] = $"urn:li:sponsoredCampaign:{campaignId}",
        ["intendedStatus"] = status,
        ["name"] = name,
        ["isServing"] = status == "ACTIVE",
    };

    public IReadOnlyList<ILogEntry> Requests => [.. Server.LogEntries.OrderBy(e => e.RequestMessage.DateTime)];

    public IReadOnlyList<ILogEntry> RequestsTo(string method, string path) =>
        [.. Requests.Where(e => e.RequestMessage.Method == method && e.RequestMessage.Path == path)];

    /// <summary>Every request carries the bearer token, the LinkedIn-Version and Rest.li 2.0; every POST a JSON body.</summary>
    public void AssertEveryRequestHasLinkedInsHeaders()
    {
        Assert.NotEmpty(Requests);
        foreach (ILogEntry entry in Requests)
        {
            Assert.StartsWith("/rest/", entry.RequestMessage.Path, StringComparison.Ordinal);
            Assert.Equal($"Bearer {AccessToken}", Header(entry, "Authorization"));
            Assert.Equal(Version, Header(entry, "LinkedIn-Version"));
            Assert.Equal("2.0.0", Header(entry, "X-Restli-Protocol-Version"));
            if (entry.RequestMessage.Method == "POST")
            {
                Assert.StartsWith("application/json", Header(entry, "Content-Type"), StringComparison.Ordinal);
            }
        }
    }

    /// <summary>A PARTIAL_UPDATE: a POST with the method header and <c>{"patch":{"$set":...}}</c>.</summary>
    public static void AssertPatch(ILogEntry entry, string set)
    {
        Assert.Equal("POST", entry.RequestMessage.Method);
        Assert.Equal("PARTIAL_UPDATE", Header(entry, "X-RestLi-Method"));
        AssertJson($$$"""{"patch":{"$set":{{{set}}}}}""", Body(entry));
    }

    public static string? Header(ILogEntry entry, string name) =>
        entry.RequestMessage.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    public static JsonNode Body(ILogEntry entry) => JsonNode.Parse(entry.RequestMessage.Body!)!;

    /// <summary>The query as it was sent, percent-encoding included.</summary>
    public static string RawQuery(ILogEntry entry) => entry.RequestMessage.RawQuery!.TrimStart('?');

    public static void AssertJson(string expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}\nactual   {actual.ToJsonString()}");

    public void Dispose() => Server.Stop();
}
