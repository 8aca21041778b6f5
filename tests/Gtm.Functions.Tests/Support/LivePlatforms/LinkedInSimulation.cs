using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using WireMock;

namespace Gtm.Functions.Tests.Support.LivePlatforms;

/// <summary>
/// LinkedIn's versioned Marketing API (Rest.li 2.0) for one ad account and campaign group: the
/// account's campaigns (the search finder by name, a create answered 201 with the id in
/// <c>x-restli-id</c>, reads, <c>PARTIAL_UPDATE</c> patches of status and daily budget), their
/// creatives and <c>adAnalytics</c>. Every request must carry the bearer token, the
/// <c>LinkedIn-Version</c> and <c>X-Restli-Protocol-Version: 2.0.0</c>. Budgets are money in the
/// account's currency with its decimals, at least LinkedIn's minimum daily budget.
/// </summary>
public sealed partial class LinkedInSimulation(double timeScale)
    : SimulatedPlatform("linkedin", new MarketRates(35, 0.007, 0.15, 0.045, 400), timeScale)
{
    public const string Account = "509876543";
    public const string Group = "612345678";
    public const string AccessToken = "AQX.simulated-linkedin-token";
    public const string Version = "202511";
    public const string Currency = "EUR";
    private const string Root = $"/rest/adAccounts/{Account}/";

    private readonly Dictionary<string, JsonObject> created = [];
    private long nextId = 390_000_001;

    public override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Gtm__Channels__LinkedIn__Mode"] = "live",
        ["Gtm__Channels__LinkedIn__BaseUrl"] = Server.Url,
        ["Gtm__Channels__LinkedIn__AccessToken"] = AccessToken,
        ["Gtm__Channels__LinkedIn__AdAccountId"] = Account,
        ["Gtm__Channels__LinkedIn__Version"] = Version,
        ["Gtm__Channels__LinkedIn__CampaignGroupId"] = Group,
        ["Gtm__Channels__LinkedIn__Locations"] = "101282230",
        // LinkedIn's quota is the app's own (its developer portal says); this account's allows a venture's calls within the minute.
        ["Gtm__Channels__LinkedIn__RateLimit__PermitLimit"] = "1000",
    };

    protected override (int Status, string Message)? HeaderProblem(IRequestMessage request) =>
        Http.Header(request, "Authorization") != $"Bearer {AccessToken}" ? (401, "no bearer token of the ad account's member")
        : Http.Header(request, "LinkedIn-Version") != Version ? (400, $"no LinkedIn-Version {Version}")
        : Http.Header(request, "X-Restli-Protocol-Version") != "2.0.0" ? (400, "no X-Restli-Protocol-Version 2.0.0")
        : request.Method == "POST" && Http.Header(request, "Content-Type")?.StartsWith("application/json", StringComparison.Ordinal) != true ? (400, "a POST without a JSON body")
        : null;

    protected override ResponseMessage Refusal(int status, string message) => Error(status, status == 401 ? "INVALID_ACCESS_TOKEN" : "BAD_REQUEST", message);

    protected override ResponseMessage? Route(IRequestMessage request, DateTimeOffset now)
    {
        Dictionary<string, string> query = RestliText.Parameters(request.RawQuery);
        bool update = Http.Header(request, "X-RestLi-Method") == "PARTIAL_UPDATE";
        if (request.Path == "/rest/adAnalytics" && request.Method == "GET")
        {
            return Analytics(query, now);
        }

        string[] path = request.Path.StartsWith(Root, StringComparison.Ordinal) ? request.Path[Root.Length..].Split('/', 2) : [];
        return (request.Method, path, update) switch
        {
            ("GET", ["adCampaigns"], false) when query.GetValueOrDefault("q") == "search" => Search(query),
            ("POST", ["adCampaigns"], false) => Create(Http.JsonBody(request), now),
            ("GET", ["adCampaigns", var id], false) => Find(id) is { } campaign ? Http.Json(Json(campaign)) : NotFound($"campaign {id}"),
            ("POST", ["adCampaigns", var id], true) => Find(id) is { } campaign ? Patch(campaign, Http.JsonBody(request), now) : NotFound($"campaign {id}"),
            ("GET", ["creatives"], false) when query.GetValueOrDefault("q") == "criteria" => Creatives(query),
            ("POST", ["creatives", var urn], true) => PatchCreative(urn, Http.JsonBody(request)),
            _ => null,
        };
    }

    private ResponseMessage Search(Dictionary<string, string> query)
    {
        if (RestliText.SearchedNames(query.GetValueOrDefault("search")) is not { } names)
        {
            return Error(400, "ILLEGAL_ARGUMENT", "the simulation searches campaigns by (name:(values:List(...)))");
        }

        JsonArray found = [.. Held.Where(c => names.Contains(c.Name)).Select(c => (JsonNode)Json(c))];
        return Http.Json(new JsonObject { ["elements"] = found, ["metadata"] = new JsonObject(), ["paging"] = new JsonObject { ["start"] = 0, ["count"] = found.Count } });
    }

    private ResponseMessage Create(JsonObject? body, DateTimeOffset now)
    {
        string name = body?["name"]?.ToString() ?? "";
        string? problem = body is null ? "a campaign is a JSON object"
            : body["account"]?.ToString() != $"urn:li:sponsoredAccount:{Account}" ? "account is not this ad account's URN"
            : body["campaignGroup"]?.ToString() != $"urn:li:sponsoredCampaignGroup:{Group}" ? "campaignGroup is not a group of this account"
            : name.Length == 0 || Encoding.UTF8.GetByteCount(name) > 255 ? "name must have 1 to 255 bytes"
            : body["status"]?.ToString() is not ("PAUSED" or "DRAFT" or "ACTIVE") ? "status must be ACTIVE, PAUSED or DRAFT"
            : MinorUnits(body["dailyBudget"]) is not { } budget ? $"dailyBudget must be an amount in {Currency} with at most two decimals"
            : budget < MinimumDailyBudget ? BelowMinimum
            : new[] { "type", "costType", "objectiveType", "locale", "runSchedule", "targetingCriteria", "politicalIntent" }.FirstOrDefault(f => body[f] is null) is { } missing ? $"{missing} is required"
            : null;
        if (problem is not null)
        {
            return Error(422, "UNPROCESSABLE_ENTITY", problem);
        }

        string id = (nextId++).ToString(CultureInfo.InvariantCulture);
        created[id] = body!.DeepClone().AsObject();
        Add(new SimulatedCampaign(id, name, "ACTIVE", cents => cents / 100m, now)).Set(now, body["status"]!.ToString(), MinorUnits(body["dailyBudget"]));
        return Http.Empty(201, ("x-restli-id", id), ("Location", $"{Root}adCampaigns/{id}"));
    }

    /// <summary>LinkedIn's least daily budget, in cents: 10 USD.</summary>
    private const long MinimumDailyBudget = 1000;

    private const string BelowMinimum = "dailyBudget must be at least 10.00 (the minimum daily budget)";

    private static ResponseMessage Patch(SimulatedCampaign campaign, JsonObject? body, DateTimeOffset now)
    {
        JsonObject? set = body?["patch"]?["$set"] as JsonObject;
        string? status = set?["status"]?.ToString();
        long? budget = MinorUnits(set?["dailyBudget"]);
        if (set is null || set.Any(p => p.Key is not ("status" or "dailyBudget")) || status is not (null or "ACTIVE" or "PAUSED" or "ARCHIVED")
            || (set["dailyBudget"] is not null && budget is null))
        {
            return Error(400, "ILLEGAL_ARGUMENT", "a campaign patch is {\"patch\":{\"$set\":{...}}} of status or dailyBudget");
        }

        if (budget < MinimumDailyBudget)
        {
            return Error(422, "UNPROCESSABLE_ENTITY", BelowMinimum);
        }

        campaign.Set(now, status, budget);
        return Http.Empty(204);
    }

    /// <summary>The campaign as created, with its id, present status and budget, and LinkedIn's audit stamps.</summary>
    private JsonObject Json(SimulatedCampaign campaign)
    {
        JsonObject json = created[campaign.Id].DeepClone().AsObject();
        json["id"] = long.Parse(campaign.Id, CultureInfo.InvariantCulture);
        json["status"] = campaign.Status;
        json["dailyBudget"] = new JsonObject { ["amount"] = campaign.DailyBudget.ToString("0.00", CultureInfo.InvariantCulture), ["currencyCode"] = Currency };
        long createdMs = campaign.CreatedAt.ToUnixTimeMilliseconds();
        long modifiedMs = (campaign.History.Count > 0 ? campaign.History[^1].At : campaign.CreatedAt).ToUnixTimeMilliseconds();
        json["changeAuditStamps"] = new JsonObject { ["created"] = new JsonObject { ["time"] = createdMs }, ["lastModified"] = new JsonObject { ["time"] = modifiedMs } };
        return json;
    }

    /// <summary>LinkedIn money in the account's currency as minor units; null when it is not that or has more decimals than the currency.</summary>
    private static long? MinorUnits(JsonNode? money) =>
        money?["currencyCode"]?.ToString() == Currency
        && decimal.TryParse(money["amount"]?.ToString(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal amount)
        && amount * 100 == decimal.Truncate(amount * 100)
            ? (long)(amount * 100)
            : null;

    private static ResponseMessage NotFound(string what) => Error(404, "NOT_FOUND", $"{what} does not exist in account {Account}");

    /// <summary>LinkedIn's error body.</summary>
    private static ResponseMessage Error(int status, string code, string message) =>
        Http.Json(new JsonObject { ["status"] = status, ["code"] = code, ["message"] = message }, status);
}
