using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Gtm.Channels.Live;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Gtm.Channels.Tests.Live.HubSpot;

/// <summary>
/// HubSpot's REST API as a WireMock stub on loopback, and the live email adapter pointed at it
/// through the product's own registration. Every request it saw can be checked: method, path,
/// query, headers, body.
/// </summary>
internal sealed class HubSpotStub : IDisposable
{
    public const string AccessToken = "pat-na1-11111111-2222-3333-4444-555555555555";
    public const string EmailId = "5550001";
    public const string FlowId = "7770001";
    public const string VariationId = "5550002";
    public const string CampaignId = $"{EmailId}:{FlowId}";
    public const string Emails = "/marketing/v3/emails";
    public const string Flows = "/automation/v4/flows";
    public const string ContactSearch = "/crm/v3/objects/contacts/search";

    public WireMockServer Server { get; } = WireMockServer.Start();

    /// <summary>The services of the last adapter built, to reach what the product registered (HubSpot's rate window).</summary>
    public ServiceProvider? Services { get; private set; }

    public Dictionary<string, string?> Settings() => new()
    {
        ["Gtm:Channels:Email:Mode"] = "live",
        ["Gtm:Channels:Email:BaseUrl"] = Server.Url,
        ["Gtm:Channels:Email:AccessToken"] = AccessToken,
        // Long enough that a cold start on a loaded machine does not time an attempt out and send a request twice.
        ["Gtm:Channels:Email:AttemptTimeout"] = "00:00:10",
        ["Gtm:Channels:Email:TotalTimeout"] = "00:00:30",
        ["Gtm:Channels:Email:RetryDelay"] = "00:00:00.010",
        ["Gtm:Channels:Email:MaxRetryAttempts"] = "3",
    };

    /// <summary>The live adapter as the product registers it, on <paramref name="time"/> when given (the other channels stay unregistered: no sandbox storage).</summary>
    public IChannelAdapter Adapter(Action<Dictionary<string, string?>>? change = null, TimeProvider? time = null, ILoggerProvider? logs = null)
    {
        Dictionary<string, string?> settings = Settings();
        change?.Invoke(settings);
        Services = LiveChannelServices.Build(settings, time, logs);
        return Services.GetRequiredService<ChannelAdapters>().For("email");
    }

    public static string Tag(string key) => "gtm-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];

    public void Answer(string method, string path, JsonNode body, int status = 200, int priority = 10) =>
        Server.Given(Request.Create().WithPath(path).UsingMethod(method)).AtPriority(priority).RespondWith(Json(body, status));

    /// <summary>GET of the workflow and of the email (with or without statistics).</summary>
    public void Campaign(JsonObject flow, JsonObject email)
    {
        Answer("GET", $"{Flows}/{flow["id"]}", flow);
        Answer("GET", $"{Emails}/{email["id"]}", email);
    }

    /// <summary>Writes answer as HubSpot does: the workflow update echoes a workflow, the email changes the email.</summary>
    public void Writes()
    {
        Answer("PUT", $"{Flows}/{FlowId}", new JsonObject { ["id"] = FlowId, ["revisionId"] = "4" });
        Answer("PATCH", $"{Emails}/{EmailId}", new JsonObject { ["id"] = EmailId });
        Answer("POST", $"{Emails}/{EmailId}/publish", new JsonObject(), 204);
    }

    public static IResponseBuilder Json(JsonNode body, int status = 200) =>
        status == 204
            ? Response.Create().WithStatusCode(204)
            : Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body.ToJsonString());

    /// <summary>HubSpot's error body.</summary>
    public static JsonObject Error(string category, string message) => new()
    {
        ["status"] = "error",
        ["message"] = message,
        ["correlationId"] = "8c3e9a52-1d2b-4c3f-9e0a-6f2b1c7d8e90",
        ["category"] = category,
    };

    /// <summary>The product's state as the workflow's custom properties hold it.</summary>
    public static JsonObject State(long budget = 10_050, string currency = "EUR", string served = "{}", string variations = "", JsonObject? test = null)
    {
        var properties = new JsonObject
        {
            ["gtm_tag"] = "gtm-0123456789abcdef",
            ["gtm_venture_id"] = "v1",
            ["gtm_campaign_id"] = "c1",
            ["gtm_email_id"] = EmailId,
            ["gtm_currency"] = currency,
            ["gtm_daily_budget_minor_units"] = budget.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["gtm_content_generation"] = "1",
            ["gtm_served"] = served,
            ["gtm_variation_email_ids"] = variations,
        };
        if (test is not null)
        {
            properties["gtm_test"] = test.ToJsonString();
        }

        return properties;
    }

    /// <summary>A workflow as <c>GET /automation/v4/flows/{id}</c> answers, with HubSpot's read-only fields.</summary>
    public static JsonObject Flow(bool enabled, JsonObject? state = null, string name = "c1 · v1/c1 · gtm-0123456789abcdef") => new()
    {
        ["id"] = FlowId,
        ["type"] = "CONTACT_FLOW",
        ["objectTypeId"] = "0-1",
        ["flowType"] = "WORKFLOW",
        ["isEnabled"] = enabled,
        ["revisionId"] = "3",
        ["name"] = name,
        ["createdAt"] = "2025-05-01T09:00:00.000Z",
        ["updatedAt"] = "2025-05-02T09:00:00.000Z",
        ["startActionId"] = "1",
        ["nextAvailableActionId"] = "2",
        ["actions"] = new JsonArray(new JsonObject { ["type"] = "SINGLE_CONNECTION", ["actionId"] = "1", ["actionTypeId"] = "0-4", ["actionTypeVersion"] = 0, ["fields"] = new JsonObject { ["content_id"] = EmailId } }),
        ["enrollmentCriteria"] = new JsonObject { ["type"] = "LIST_BASED", ["shouldReEnroll"] = false },
        ["timeWindows"] = new JsonArray(),
        ["blockedDates"] = new JsonArray(),
        ["customProperties"] = state ?? State(),
        ["suppressionListIds"] = new JsonArray(),
        ["canEnrollFromSalesforce"] = false,
        ["dataSources"] = new JsonArray(),
        ["crmObjectCreationStatus"] = "COMPLETE",
    };

    /// <summary>What a workflow update must send for <see cref="Flow"/>: its updatable fields at its revision, enabled or not, with the state.</summary>
    public static JsonObject FlowUpdate(bool enabled, JsonObject state) => new()
    {
        ["type"] = "CONTACT_FLOW",
        ["revisionId"] = "3",
        ["isEnabled"] = enabled,
        ["name"] = "c1 · v1/c1 · gtm-0123456789abcdef",
        ["startActionId"] = "1",
        ["actions"] = new JsonArray(new JsonObject { ["type"] = "SINGLE_CONNECTION", ["actionId"] = "1", ["actionTypeId"] = "0-4", ["actionTypeVersion"] = 0, ["fields"] = new JsonObject { ["content_id"] = EmailId } }),
        ["enrollmentCriteria"] = new JsonObject { ["type"] = "LIST_BASED", ["shouldReEnroll"] = false },
        ["timeWindows"] = new JsonArray(),
        ["blockedDates"] = new JsonArray(),
        ["customProperties"] = state,
        ["suppressionListIds"] = new JsonArray(),
        ["canEnrollFromSalesforce"] = false,
    };

    /// <summary>A marketing email as <c>GET /marketing/v3/emails/{id}</c> answers.</summary>
    public static JsonObject Email(bool published, string id = EmailId, string subject = "c1", long delivered = 0, long clicks = 0, string name = "c1 · v1/c1 · gtm-0123456789abcdef") => new()
    {
        ["id"] = id,
        ["name"] = name,
        ["subject"] = subject,
        ["subcategory"] = "automated",
        ["state"] = published ? "AUTOMATED" : "AUTOMATED_DRAFT",
        ["isPublished"] = published,
        ["createdAt"] = "2025-05-01T09:00:00.000Z",
        ["stats"] = new JsonObject { ["counters"] = new JsonObject { ["sent"] = delivered + 10, ["delivered"] = delivered, ["open"] = delivered / 3, ["click"] = clicks } },
    };

    public IReadOnlyList<ILogEntry> Requests => [.. Server.LogEntries.OrderBy(e => e.RequestMessage.DateTime)];

    public IReadOnlyList<ILogEntry> RequestsTo(string method, string path) =>
        [.. Requests.Where(e => e.RequestMessage.Method == method && e.RequestMessage.Path == path)];

    /// <summary>Every request carries the private app's token; every one with a body says it is JSON.</summary>
    public void AssertEveryRequestIsAuthenticated()
    {
        Assert.NotEmpty(Requests);
        foreach (ILogEntry entry in Requests)
        {
            Assert.Equal($"Bearer {AccessToken}", Header(entry, "Authorization"));
            if (!string.IsNullOrEmpty(entry.RequestMessage.Body))
            {
                Assert.StartsWith("application/json", Header(entry, "Content-Type"), StringComparison.Ordinal);
            }
        }
    }

    /// <summary>The (method, path) of every request, in order.</summary>
    public IReadOnlyList<string> Calls() => [.. Requests.Select(e => $"{e.RequestMessage.Method} {e.RequestMessage.Path}")];

    public static string? Header(ILogEntry entry, string name) =>
        entry.RequestMessage.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    public static string? Query(ILogEntry entry, string name) =>
        entry.RequestMessage.Query is { } query && query.TryGetValue(name, out var values) ? values.FirstOrDefault() : null;

    public static JsonNode Body(ILogEntry entry) => JsonNode.Parse(entry.RequestMessage.Body!)!;

    public static void AssertJson(JsonNode expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected.ToJsonString()}\nactual   {actual.ToJsonString()}");

    public void Dispose()
    {
        Services?.Dispose();
        Server.Stop();
    }
}
