using System.Globalization;
using System.Text.Json.Nodes;
using WireMock;

namespace Gtm.Functions.Tests.Support.LivePlatforms;

/// <summary>
/// HubSpot for one private app: marketing emails (<c>/marketing/v3/emails</c>), contact
/// workflows that send them (<c>/automation/v4/flows</c>) and the contacts search. A campaign is a
/// workflow: enabled and sending a published email, it enrols its audience a share a day and sends
/// each contact the email once; clicks bring leads, contacts created with the campaign's
/// <c>gtm_campaign</c>, some of whom become opportunities. HubSpot charges nothing per email and
/// has no budget: the campaign's budget is the product's record among the workflow's custom
/// properties, which HubSpot stores as it stores any. Every request must carry the private app's
/// bearer token and every answer says how much of the app's 100 calls per 10 seconds is left.
/// </summary>
public sealed partial class HubSpotSimulation(double timeScale)
    : SimulatedPlatform("email", new MarketRates(0, 0.033, 0.2, 0.035, 0), timeScale)
{
    public const string AccessToken = "pat-eu1-simulated-hubspot-token";
    private const int CallsPerInterval = 100;

    private readonly Dictionary<string, Email> emails = [];
    private long nextId = 180_000_001;

    public override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Gtm__Channels__Email__Mode"] = "live",
        ["Gtm__Channels__Email__BaseUrl"] = Server.Url,
        ["Gtm__Channels__Email__AccessToken"] = AccessToken,
    };

    /// <summary>The product's id is <c>{emailId}:{flowId}</c>; the workflow is the campaign.</summary>
    protected override string CampaignKey(string platformCampaignId) => platformCampaignId.Split(':')[^1];

    protected override (int Status, string Message)? HeaderProblem(IRequestMessage request) =>
        Http.Header(request, "Authorization") != $"Bearer {AccessToken}" ? (401, "no bearer token of the private app")
        : !string.IsNullOrEmpty(request.Body) && Http.Header(request, "Content-Type")?.StartsWith("application/json", StringComparison.Ordinal) != true ? (415, "a body that is not JSON")
        : null;

    protected override ResponseMessage Refusal(int status, string message) =>
        Error(status, status == 401 ? "INVALID_AUTHENTICATION" : status == 404 ? "OBJECT_NOT_FOUND" : "VALIDATION_ERROR", message);

    protected override ResponseMessage? Route(IRequestMessage request, DateTimeOffset now)
    {
        Dictionary<string, string> query = Http.Query(request);
        string[] path = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        ResponseMessage? answer = (request.Method, path) switch
        {
            ("GET", ["marketing", "v3", "emails"]) => ListEmails(query),
            ("POST", ["marketing", "v3", "emails"]) => CreateEmail(Http.JsonBody(request), now),
            ("GET", ["marketing", "v3", "emails", var id]) => WithEmail(id, query, e => Http.Json(EmailJson(e, query.GetValueOrDefault("includeStats") == "true", now))),
            ("PATCH", ["marketing", "v3", "emails", var id]) => WithEmail(id, query, e => UpdateEmail(e, Http.JsonBody(request), now)),
            ("POST", ["marketing", "v3", "emails", var id, "publish"]) => WithEmail(id, query, e => Publish(e, now)),
            ("DELETE", ["marketing", "v3", "emails", var id]) => WithEmail(id, query, e => Archive(e, now)),
            ("GET", ["automation", "v4", "flows"]) => ListFlows(query),
            ("POST", ["automation", "v4", "flows"]) => CreateFlow(Http.JsonBody(request), now),
            ("GET", ["automation", "v4", "flows", var id]) => WithFlow(id, f => Http.Json(FlowJson(f))),
            ("PUT", ["automation", "v4", "flows", var id]) => WithFlow(id, f => UpdateFlow(f, Http.JsonBody(request), now)),
            ("DELETE", ["automation", "v4", "flows", var id]) => WithFlow(id, f => DeleteFlow(f, now)),
            ("POST", ["crm", "v3", "objects", "contacts", "search"]) => SearchContacts(Http.JsonBody(request)),
            _ => null,
        };
        if (answer is not null)
        {
            answer.AddHeader("X-HubSpot-RateLimit-Interval-Milliseconds", "10000");
            answer.AddHeader("X-HubSpot-RateLimit-Max", CallsPerInterval.ToString(CultureInfo.InvariantCulture));
            answer.AddHeader("X-HubSpot-RateLimit-Remaining", Math.Max(0, CallsPerInterval - 1 - CallsSince(now.AddSeconds(-10))).ToString(CultureInfo.InvariantCulture));
        }

        return answer;
    }

    private ResponseMessage ListEmails(Dictionary<string, string> query)
    {
        DateTimeOffset after = query.TryGetValue("createdAfter", out string? text) ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture) : DateTimeOffset.MinValue;
        if (query.GetValueOrDefault("sort", "-createdAt") != "-createdAt")
        {
            return Error(400, "VALIDATION_ERROR", "the simulation sorts emails by -createdAt");
        }

        return Page([.. emails.Values.Where(e => !e.Archived && e.CreatedAt > after).OrderByDescending(e => e.CreatedAt).Select(e => EmailJson(e, false, e.UpdatedAt))], query);
    }

    private ResponseMessage CreateEmail(JsonObject? body, DateTimeOffset now)
    {
        if (body?["name"]?.ToString() is not { Length: > 0 } || body["state"]?.ToString() is not ("DRAFT" or "AUTOMATED_DRAFT"))
        {
            return Error(400, "VALIDATION_ERROR", "an email needs a name and a draft state");
        }

        var email = new Email((nextId++).ToString(CultureInfo.InvariantCulture), body.DeepClone().AsObject(), now);
        emails[email.Id] = email;
        return Http.Json(EmailJson(email, false, now), 201);
    }

    private ResponseMessage UpdateEmail(Email email, JsonObject? changes, DateTimeOffset now)
    {
        if (changes is null || changes.Any(c => c.Key is "id" or "isPublished" or "createdAt"))
        {
            return Error(400, "VALIDATION_ERROR", "an email update sets the email's own fields");
        }

        foreach ((string field, JsonNode? value) in changes)
        {
            email.Fields[field] = value?.DeepClone();
        }

        email.UpdatedAt = now;
        return Http.Json(EmailJson(email, false, now));
    }

    private static ResponseMessage Publish(Email email, DateTimeOffset now)
    {
        email.Published = true;
        email.Fields["state"] = email.Fields["subcategory"]?.ToString() == "automated" ? "AUTOMATED" : "PUBLISHED";
        email.UpdatedAt = now;
        return Http.Empty(204);
    }

    private static ResponseMessage Archive(Email email, DateTimeOffset now)
    {
        email.Archived = true;
        email.UpdatedAt = now;
        return Http.Empty(204);
    }

    /// <summary>An email as HubSpot answers it; its statistics are the sends of the workflows that send it.</summary>
    private JsonObject EmailJson(Email email, bool withStatistics, DateTimeOffset now)
    {
        JsonObject json = email.Fields.DeepClone().AsObject();
        json["id"] = email.Id;
        json["isPublished"] = email.Published;
        json["archived"] = email.Archived;
        json["createdAt"] = Iso(email.CreatedAt);
        json["updatedAt"] = Iso(email.UpdatedAt);
        if (withStatistics)
        {
            SimulatedCampaign[] sending = [.. Held.Where(c => flows[c.Id].EmailId == email.Id)];
            long delivered = sending.Sum(c => (long)Math.Floor(c.Totals.Impressions)), clicks = sending.Sum(c => (long)Math.Floor(c.Totals.Clicks));
            json["stats"] = new JsonObject { ["counters"] = new JsonObject { ["sent"] = delivered, ["delivered"] = delivered, ["open"] = delivered / 4, ["click"] = clicks } };
            foreach (SimulatedCampaign campaign in sending)
            {
                Reported(new MetricsAnswer(now, campaign.Id, (long)Math.Floor(campaign.Totals.Impressions), (long)Math.Floor(campaign.Totals.Clicks), 0m));
            }
        }

        return json;
    }

    /// <summary>An archived email is found only when asked for with <c>archived=true</c>.</summary>
    private ResponseMessage WithEmail(string id, Dictionary<string, string> query, Func<Email, ResponseMessage> answer) =>
        emails.TryGetValue(id, out Email? email) && (!email.Archived || query.GetValueOrDefault("archived") == "true")
            ? answer(email)
            : Error(404, "OBJECT_NOT_FOUND", $"email {id} does not exist");

    /// <summary>HubSpot's list page: <c>limit</c> results from the cursor <c>after</c>, and the next cursor while more remain.</summary>
    private static ResponseMessage Page(JsonObject[] all, Dictionary<string, string> query)
    {
        int limit = int.Parse(query.GetValueOrDefault("limit", "100"), CultureInfo.InvariantCulture);
        int from = int.Parse(query.GetValueOrDefault("after", "0"), CultureInfo.InvariantCulture);
        var page = new JsonObject { ["total"] = all.Length, ["results"] = new JsonArray([.. all.Skip(from).Take(limit)]) };
        if (from + limit < all.Length)
        {
            page["paging"] = new JsonObject { ["next"] = new JsonObject { ["after"] = (from + limit).ToString(CultureInfo.InvariantCulture) } };
        }

        return Http.Json(page);
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>HubSpot's error body.</summary>
    private static ResponseMessage Error(int status, string category, string message) => Http.Json(
        new JsonObject { ["status"] = "error", ["message"] = message, ["correlationId"] = Guid.NewGuid().ToString(), ["category"] = category },
        status);

    private sealed class Email(string id, JsonObject fields, DateTimeOffset createdAt)
    {
        public string Id { get; } = id;

        public JsonObject Fields { get; } = fields;

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public DateTimeOffset UpdatedAt { get; set; } = createdAt;

        public bool Published { get; set; }

        public bool Archived { get; set; }
    }
}
