using System.Text.Json.Nodes;
using Gtm.Channels.Live;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Gtm.Channels.Tests.Live.GoogleAds;

/// <summary>
/// Google Ads' REST API as a WireMock stub on loopback, and the live adapter pointed at it through
/// the product's own registration. Every request it saw can be checked: method, path, headers, body.
/// </summary>
internal sealed class GoogleAdsStub : IDisposable
{
    public const string Customer = "1234567890";
    public const string Manager = "9876543210";
    public const string AccessToken = "ya29.test-access-token";
    public const string DeveloperToken = "dev-token-abc";
    public const string Root = $"/v21/customers/{Customer}";

    public WireMockServer Server { get; } = WireMockServer.Start();

    public Dictionary<string, string?> Settings() => new()
    {
        ["Gtm:Channels:GoogleAds:Mode"] = "live",
        ["Gtm:Channels:GoogleAds:BaseUrl"] = Server.Url,
        ["Gtm:Channels:GoogleAds:AccessToken"] = AccessToken,
        ["Gtm:Channels:GoogleAds:CustomerId"] = Customer,
        ["Gtm:Channels:GoogleAds:LoginCustomerId"] = Manager,
        ["Gtm:Channels:GoogleAds:DeveloperToken"] = DeveloperToken,
        ["Gtm:Channels:GoogleAds:ApiVersion"] = "21",
        // Generous: a loaded test machine must not turn a slow first answer into a retry the assertions would count.
        ["Gtm:Channels:GoogleAds:AttemptTimeout"] = "00:00:05",
        ["Gtm:Channels:GoogleAds:TotalTimeout"] = "00:00:20",
        ["Gtm:Channels:GoogleAds:RetryDelay"] = "00:00:00.010",
        ["Gtm:Channels:GoogleAds:MaxRetryAttempts"] = "3",
    };

    /// <summary>The live adapter as the product registers it (the other channels stay unregistered: no sandbox storage).</summary>
    public IChannelAdapter Adapter(Action<Dictionary<string, string?>>? change = null, ILoggerProvider? logs = null)
    {
        Dictionary<string, string?> settings = Settings();
        change?.Invoke(settings);
        return LiveChannelServices.Build(settings, logs: logs).GetRequiredService<ChannelAdapters>().For("google_ads");
    }

    /// <summary>GAQL answers: a searchStream whose body matches <paramref name="queryPattern"/> gets the rows in one batch.</summary>
    public void Search(string queryPattern, JsonArray rows, int priority = 10, Func<bool>? when = null) =>
        Server.Given(Request.Create().WithPath($"{Root}/googleAds:searchStream").UsingPost()
                .WithBody(body => body is not null && System.Text.RegularExpressions.Regex.IsMatch(body, queryPattern) && (when?.Invoke() ?? true)))
            .AtPriority(priority)
            .RespondWith(Json(new JsonArray(new JsonObject { ["results"] = rows, ["requestId"] = "req-1" })));

    public void Mutate(string resource, string resourceName) =>
        Server.Given(Request.Create().WithPath($"{Root}/{resource}:mutate").UsingPost())
            .RespondWith(Json(new JsonObject { ["results"] = new JsonArray(new JsonObject { ["resourceName"] = resourceName }) }));

    public static IResponseBuilder Json(JsonNode body, int status = 200) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body.ToJsonString());

    /// <summary>Google's error body: a GoogleAdsFailure with one error.</summary>
    public static JsonObject Failure(int code, string status, string errorKind, string errorCode, string message) => new()
    {
        ["error"] = new JsonObject
        {
            ["code"] = code,
            ["message"] = "Request contains an invalid argument.",
            ["status"] = status,
            ["details"] = new JsonArray(new JsonObject
            {
                ["@type"] = "type.googleapis.com/google.ads.googleads.v21.errors.GoogleAdsFailure",
                ["errors"] = new JsonArray(new JsonObject { ["errorCode"] = new JsonObject { [errorKind] = errorCode }, ["message"] = message }),
            }),
        },
    };

    /// <summary>A campaign row as GAQL returns it (int64 as strings, camelCase names).</summary>
    public static JsonObject CampaignRow(string id, string name, string status, long micros, string currency = "EUR", string budgetId = "55") => new()
    {
        ["customer"] = new JsonObject { ["resourceName"] = $"customers/{Customer}", ["currencyCode"] = currency },
        ["campaign"] = new JsonObject { ["resourceName"] = $"customers/{Customer}/campaigns/{id}", ["id"] = id, ["name"] = name, ["status"] = status },
        ["campaignBudget"] = new JsonObject { ["resourceName"] = $"customers/{Customer}/campaignBudgets/{budgetId}", ["amountMicros"] = micros.ToString(System.Globalization.CultureInfo.InvariantCulture) },
    };

    public IReadOnlyList<ILogEntry> Requests => [.. Server.LogEntries.OrderBy(e => e.RequestMessage.DateTime)];

    public IReadOnlyList<ILogEntry> RequestsTo(string tail) => [.. Requests.Where(e => e.RequestMessage.Path == $"{Root}/{tail}")];

    /// <summary>Every request is a POST under the customer with the bearer token, the developer token, the manager id and a JSON body.</summary>
    public void AssertEveryRequestIsAuthenticated()
    {
        Assert.NotEmpty(Requests);
        foreach (ILogEntry entry in Requests)
        {
            var request = entry.RequestMessage;
            Assert.Equal("POST", request.Method);
            Assert.StartsWith($"{Root}/", request.Path, StringComparison.Ordinal);
            Assert.Equal($"Bearer {AccessToken}", Header(entry, "Authorization"));
            Assert.Equal(DeveloperToken, Header(entry, "developer-token"));
            Assert.Equal(Manager, Header(entry, "login-customer-id"));
            Assert.StartsWith("application/json", Header(entry, "Content-Type"), StringComparison.Ordinal);
        }
    }

    public static string? Header(ILogEntry entry, string name) =>
        entry.RequestMessage.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    public static JsonNode Body(ILogEntry entry) => JsonNode.Parse(entry.RequestMessage.Body!)!;

    public static string Query(ILogEntry entry) => Body(entry)["query"]!.ToString();

    public static void AssertJson(string expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}\nactual   {actual.ToJsonString()}");

    public void Dispose() => Server.Stop();
}
