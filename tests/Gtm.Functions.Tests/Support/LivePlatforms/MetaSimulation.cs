using System.Globalization;
using System.Text.Json.Nodes;
using WireMock;

namespace Gtm.Functions.Tests.Support.LivePlatforms;

/// <summary>
/// The Graph API's Marketing API for one ad account: the account node (its currency), its
/// campaigns edge (a name filter to read, a form to create), each campaign node (read its fields,
/// change status or daily_budget by a form POST), its ads and its insights. The token rides in
/// the bearer header, never in the URL; every answer carries the account's business-use-case
/// usage, counted from the calls of the last hour against the standard tier's 300. Budgets are in
/// the currency's minor unit, at least the ad account's minimum daily budget.
/// </summary>
public sealed partial class MetaSimulation(double timeScale)
    : SimulatedPlatform("meta", new MarketRates(250, 0.014, 0.1, 0.035, 45), timeScale)
{
    public const string Account = "2233445566";
    public const string AccessToken = "EAAB.simulated-meta-token";
    public const string Currency = "EUR";
    private const string Graph = "/v24.0/";

    private long nextId = 120_210_000_000_000_001;

    public override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Gtm__Channels__Meta__Mode"] = "live",
        ["Gtm__Channels__Meta__BaseUrl"] = Server.Url,
        ["Gtm__Channels__Meta__AccessToken"] = AccessToken,
        ["Gtm__Channels__Meta__AdAccountId"] = Account,
        ["Gtm__Channels__Meta__ApiVersion"] = "v24.0",
    };

    protected override (int Status, string Message)? HeaderProblem(IRequestMessage request) =>
        Http.Header(request, "Authorization") != $"Bearer {AccessToken}" ? (401, "no bearer token of the ad account's system user")
        : Http.Query(request).ContainsKey("access_token") ? (400, "the access token travelled in the URL")
        : request.Method == "POST" && Http.Header(request, "Content-Type")?.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal) != true ? (400, "a POST without a form body")
        : null;

    protected override ResponseMessage Refusal(int status, string message) =>
        Error(status, status == 401 ? 190 : 100, status == 401 ? "OAuthException" : "GraphMethodException", message);

    protected override ResponseMessage? Route(IRequestMessage request, DateTimeOffset now)
    {
        if (!request.Path.StartsWith(Graph, StringComparison.Ordinal))
        {
            return null;
        }

        string[] node = request.Path[Graph.Length..].Split('/');
        ResponseMessage? answer = (request.Method, node) switch
        {
            ("GET", [$"act_{Account}"]) => Http.Json(new JsonObject { ["currency"] = Currency, ["id"] = $"act_{Account}" }),
            ("GET", [$"act_{Account}", "campaigns"]) => ListCampaigns(Http.Query(request)),
            ("POST", [$"act_{Account}", "campaigns"]) => Create(Http.Form(request), now),
            ("GET", [var id]) when Find(id) is { } campaign => Read(campaign, Http.Query(request)),
            ("POST", [var id]) when Find(id) is { } campaign => Change(campaign, Http.Form(request), now),
            ("POST", [var id]) when FindAd(id) is { } ad => ChangeAd(ad, Http.Form(request)),
            ("GET", [var id, "ads"]) when Find(id) is { } campaign => ListAds(campaign, Http.Query(request)),
            ("GET", [var id, "insights"]) when Find(id) is { } campaign => Insights(campaign, Http.Query(request), now),
            ("GET" or "POST", [var id, ..]) when id.All(char.IsAsciiDigit) => Error(400, 100, "GraphMethodException", $"Unsupported request. Object with ID '{id}' does not exist"),
            _ => null,
        };
        answer?.AddHeader("X-Business-Use-Case-Usage", Usage(now));
        return answer;
    }

    private ResponseMessage ListCampaigns(Dictionary<string, string> query)
    {
        JsonArray? filtering = query.TryGetValue("filtering", out string? text) ? JsonNode.Parse(text) as JsonArray : [];
        if (filtering is null || filtering.Any(f => f?["field"]?.ToString() != "name" || f["operator"]?.ToString() != "CONTAIN"))
        {
            return Error(400, 100, "OAuthException", "the simulation filters campaigns by name CONTAIN only");
        }

        string[] contained = [.. filtering.Select(f => f!["value"]?.ToString() ?? "")];
        JsonObject?[] found = [.. Held
            .Where(c => c.Status is not ("DELETED" or "ARCHIVED") && contained.All(v => c.Name.Contains(v, StringComparison.Ordinal)))
            .Select(c => Fields(c, query))];
        return found.Any(f => f is null)
            ? NonexistingField(query)
            : Http.Json(new JsonObject { ["data"] = new JsonArray([.. found]), ["paging"] = new JsonObject() });
    }

    private ResponseMessage Create(Dictionary<string, string> form, DateTimeOffset now)
    {
        bool objective = form.TryGetValue("objective", out string? goal) && goal.StartsWith("OUTCOME_", StringComparison.Ordinal);
        if (!objective || !form.ContainsKey("special_ad_categories") || form.GetValueOrDefault("status") is not ("PAUSED" or "ACTIVE")
            || !long.TryParse(form.GetValueOrDefault("daily_budget"), NumberStyles.None, CultureInfo.InvariantCulture, out long budget) || !form.TryGetValue("name", out string? name))
        {
            return Error(400, 100, "OAuthException", "Invalid parameter: a campaign needs a name, an outcome objective, special_ad_categories, a status and a daily_budget in minor units");
        }

        if (budget < MinimumDailyBudget)
        {
            return BudgetTooLow();
        }

        string id = (nextId++).ToString(CultureInfo.InvariantCulture);
        Add(new SimulatedCampaign(id, name, "ACTIVE", MinorUnits, now)).Set(now, form["status"], budget);
        return Http.Json(new JsonObject { ["id"] = id });
    }

    /// <summary>A change of status or budget; with <c>execution_options=["validate_only"]</c> it is checked and not made.</summary>
    private static ResponseMessage Change(SimulatedCampaign campaign, Dictionary<string, string> form, DateTimeOffset now)
    {
        string? status = form.GetValueOrDefault("status");
        long? budget = form.TryGetValue("daily_budget", out string? text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long minor) ? minor : null;
        if (budget < MinimumDailyBudget)
        {
            return BudgetTooLow();
        }

        if (status is not (null or "ACTIVE" or "PAUSED" or "ARCHIVED" or "DELETED") || (text is not null && budget is null) || (status is null && budget is null))
        {
            return Error(400, 100, "OAuthException", "Invalid parameter: a change sets status or daily_budget (minor units)");
        }

        if (form.GetValueOrDefault("execution_options") != "[\"validate_only\"]")
        {
            campaign.Set(now, status, budget);
        }

        return Http.Json(new JsonObject { ["success"] = true });
    }

    private static ResponseMessage Read(SimulatedCampaign campaign, Dictionary<string, string> query) =>
        Fields(campaign, query) is { } node ? Http.Json(node) : NonexistingField(query);

    /// <summary>The fields asked for by <c>fields=</c>, and the id Meta always returns; null when one is not a campaign's.</summary>
    private static JsonObject? Fields(SimulatedCampaign campaign, Dictionary<string, string> query)
    {
        var node = new JsonObject { ["id"] = campaign.Id };
        foreach (string field in query.GetValueOrDefault("fields", "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            JsonNode? value = field switch
            {
                "id" => campaign.Id,
                "name" => campaign.Name,
                "status" or "effective_status" => campaign.Status,
                "daily_budget" => campaign.Budget.ToString(CultureInfo.InvariantCulture),
                "created_time" => campaign.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'+0000'", CultureInfo.InvariantCulture),
                _ => null,
            };
            if (value is null)
            {
                return null;
            }

            node[field] = value;
        }

        return node;
    }

    private static ResponseMessage NonexistingField(Dictionary<string, string> query) =>
        Error(400, 100, "OAuthException", $"(#100) Tried accessing a nonexisting field of a campaign in ({query.GetValueOrDefault("fields")})");

    private static decimal MinorUnits(long cents) => cents / 100m;

    private string Usage(DateTimeOffset now)
    {
        int lastHour = CallsSince(now.AddHours(-1)) + 1;
        var use = new JsonObject { ["type"] = "ads_management", ["call_count"] = lastHour * 100 / 300, ["total_cputime"] = 1, ["total_time"] = 1, ["estimated_time_to_regain_access"] = 0 };
        return new JsonObject { [Account] = new JsonArray(use) }.ToJsonString();
    }

    /// <summary>The ad account's least daily budget, in minor units (1.00 in the account's currency).</summary>
    private const long MinimumDailyBudget = 100;

    private static ResponseMessage BudgetTooLow() =>
        Error(400, 100, "OAuthException", "Invalid parameter: Your budget is too low. The minimum daily budget for this ad account is 1.00");

    /// <summary>The Graph API's error body.</summary>
    private static ResponseMessage Error(int status, int code, string type, string message) => Http.Json(
        new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["code"] = code, ["fbtrace_id"] = "SimTrace" + code } },
        status);
}
