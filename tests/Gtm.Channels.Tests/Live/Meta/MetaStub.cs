using System.Text.Json.Nodes;
using Gtm.Channels.Live;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Gtm.Channels.Tests.Live.Meta;

/// <summary>
/// The Graph API (Marketing API) as a WireMock stub on loopback, and the live Meta adapter pointed
/// at it through the product's own registration. Every request it saw can be checked: method,
/// path, query, form body, headers.
/// </summary>
internal sealed partial class MetaStub : IDisposable
{
    public const string Account = "1234567890";
    public const string AccessToken = "EAAB.test-meta-access-token";
    public const string Graph = "/v24.0";
    public const string AccountPath = $"{Graph}/act_{Account}";

    public WireMockServer Server { get; } = WireMockServer.Start();

    public Dictionary<string, string?> Settings() => new()
    {
        ["Gtm:Channels:Meta:Mode"] = "live",
        ["Gtm:Channels:Meta:BaseUrl"] = Server.Url,
        ["Gtm:Channels:Meta:AccessToken"] = AccessToken,
        ["Gtm:Channels:Meta:AdAccountId"] = Account,
        ["Gtm:Channels:Meta:ApiVersion"] = "v24.0",
        // Long enough that a slow first call on a busy machine is not retried; the lost-answer test shortens it.
        ["Gtm:Channels:Meta:AttemptTimeout"] = "00:00:10",
        ["Gtm:Channels:Meta:TotalTimeout"] = "00:00:20",
        ["Gtm:Channels:Meta:RetryDelay"] = "00:00:00.010",
        ["Gtm:Channels:Meta:MaxRetryAttempts"] = "3",
    };

    /// <summary>The product's services with the live Meta adapter (the other channels stay unregistered: no sandbox storage).</summary>
    public ServiceProvider Services(Action<Dictionary<string, string?>>? change = null, TimeProvider? time = null, ILoggerProvider? logs = null)
    {
        Dictionary<string, string?> settings = Settings();
        change?.Invoke(settings);
        return LiveChannelServices.Build(settings, time, logs);
    }

    public IChannelAdapter Adapter(Action<Dictionary<string, string?>>? change = null) =>
        Services(change).GetRequiredService<ChannelAdapters>().For("meta");

    /// <summary>The ad account's currency, as <c>GET act_{id}?fields=currency</c> answers it.</summary>
    public void AccountCurrency(string currency) =>
        Server.Given(Request.Create().WithPath(AccountPath).UsingGet())
            .RespondWith(Json(new JsonObject { ["currency"] = currency, ["id"] = $"act_{Account}" }));

    /// <summary>The campaigns a lookup by name finds; with <paramref name="when"/>, only while it holds (ahead of the lookups without).</summary>
    public void CampaignList(JsonArray campaigns, Func<bool>? when = null) =>
        Server.Given(Request.Create().WithPath(path => path == $"{AccountPath}/campaigns" && (when?.Invoke() ?? true)).UsingGet())
            .AtPriority(when is null ? 10 : 1)
            .RespondWith(Json(new JsonObject { ["data"] = campaigns, ["paging"] = new JsonObject() }));

    /// <summary>The campaign as <c>GET /{id}</c> answers it, with no ads unless <see cref="Ads"/> says otherwise.</summary>
    public void Campaign(string id, string name, string status, long dailyBudget)
    {
        Server.Given(Request.Create().WithPath($"{Graph}/{id}").UsingGet())
            .RespondWith(Json(CampaignNode(id, name, status, dailyBudget)));
        Server.Given(Request.Create().WithPath($"{Graph}/{id}/ads").UsingGet()).AtPriority(100)
            .RespondWith(Json(Page()));
    }

    /// <summary>A change to a campaign: <c>POST /{id}</c> answers <c>{"success":true}</c>.</summary>
    public void Update(string id) =>
        Server.Given(Request.Create().WithPath($"{Graph}/{id}").UsingPost())
            .RespondWith(Json(new JsonObject { ["success"] = true }));

    public static JsonObject CampaignNode(string id, string name, string status, long dailyBudget) => new()
    {
        ["id"] = id,
        ["name"] = name,
        ["status"] = status,
        ["daily_budget"] = dailyBudget.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static IResponseBuilder Json(JsonNode body, int status = 200) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body.ToJsonString());

    /// <summary>The Graph API's error body.</summary>
    public static JsonObject Error(int code, string type, string message, int? subcode = null) => new()
    {
        ["error"] = new JsonObject
        {
            ["message"] = message,
            ["type"] = type,
            ["code"] = code,
            ["error_subcode"] = subcode,
            ["fbtrace_id"] = "AbCdEfGh123",
        },
    };

    /// <summary>An <c>X-Business-Use-Case-Usage</c> value for the ad account's business.</summary>
    public static string BusinessUseCaseUsage(int callCount, int regainMinutes) =>
        new JsonObject
        {
            [Account] = new JsonArray(new JsonObject
            {
                ["type"] = "ads_management",
                ["call_count"] = callCount,
                ["total_cputime"] = 10,
                ["total_time"] = 12,
                ["estimated_time_to_regain_access"] = regainMinutes,
            }),
        }.ToJsonString();

    public IReadOnlyList<ILogEntry> Requests => [.. Server.LogEntries.OrderBy(e => e.RequestMessage.DateTime)];

    public IReadOnlyList<ILogEntry> RequestsTo(string method, string path) =>
        [.. Requests.Where(e => e.RequestMessage.Method == method && e.RequestMessage.Path == path)];

    /// <summary>Every request carries the bearer token in its header, never in the URL, and a POST sends a form.</summary>
    public void AssertEveryRequestIsAuthenticated()
    {
        Assert.NotEmpty(Requests);
        foreach (ILogEntry entry in Requests)
        {
            Assert.StartsWith($"{Graph}/", entry.RequestMessage.Path, StringComparison.Ordinal);
            Assert.Equal($"Bearer {AccessToken}", Header(entry, "Authorization"));
            Assert.DoesNotContain(AccessToken, entry.RequestMessage.Url, StringComparison.Ordinal);
            if (entry.RequestMessage.Method == "POST")
            {
                Assert.StartsWith("application/x-www-form-urlencoded", Header(entry, "Content-Type"), StringComparison.Ordinal);
            }
        }
    }

    public static string? Header(ILogEntry entry, string name) =>
        entry.RequestMessage.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    /// <summary>The query string's parameters, decoded.</summary>
    public static Dictionary<string, string> Query(ILogEntry entry) => Flatten(QueryHelpers.ParseQuery(new Uri(entry.RequestMessage.Url).Query));

    /// <summary>The form body's fields, decoded.</summary>
    public static Dictionary<string, string> Form(ILogEntry entry) => Flatten(QueryHelpers.ParseQuery(entry.RequestMessage.Body ?? ""));

    public static void AssertFields(Dictionary<string, string> expected, Dictionary<string, string> actual) =>
        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), actual.OrderBy(p => p.Key, StringComparer.Ordinal));

    private static Dictionary<string, string> Flatten(Dictionary<string, StringValues> values) =>
        values.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);

    public void Dispose() => Server.Stop();
}
