using System.Globalization;
using System.Text.Json.Nodes;
using WireMock;

namespace Gtm.Functions.Tests.Support.LivePlatforms;

/// <summary>
/// Google Ads' REST API for one advertiser under a manager account: campaign budgets and campaigns
/// created and updated by <c>{resource}:mutate</c> (one operation, an update naming its fields in
/// <c>updateMask</c>), and GAQL through <c>googleAds:searchStream</c>. Every request must carry the
/// bearer token, the developer token and the manager's login-customer-id. Google's own rules are
/// kept: campaign names are unique in the account, amounts are whole minor units of the account's
/// currency in micros, at least the currency's minimum unit: a budget of zero is refused.
/// </summary>
public sealed partial class GoogleAdsSimulation(double timeScale)
    : SimulatedPlatform("google_ads", new MarketRates(60, 0.045, 0.1, 0.04, 40), timeScale)
{
    public const string Customer = "4567890123";
    public const string Manager = "1112223334";
    public const string AccessToken = "ya29.simulated-google-token";
    public const string DeveloperToken = "simulated-developer-token";
    public const string Currency = "EUR";
    private const string Root = $"/v21/customers/{Customer}/";

    private readonly Dictionary<string, Budget> budgets = [];
    private readonly Dictionary<string, string> budgetOfCampaign = [];
    private long nextId = 21_000_000_000;

    public override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Gtm__Channels__GoogleAds__Mode"] = "live",
        ["Gtm__Channels__GoogleAds__BaseUrl"] = Server.Url,
        ["Gtm__Channels__GoogleAds__AccessToken"] = AccessToken,
        ["Gtm__Channels__GoogleAds__CustomerId"] = Customer,
        ["Gtm__Channels__GoogleAds__LoginCustomerId"] = Manager,
        ["Gtm__Channels__GoogleAds__DeveloperToken"] = DeveloperToken,
        ["Gtm__Channels__GoogleAds__ApiVersion"] = "21",
    };

    protected override (int Status, string Message)? HeaderProblem(IRequestMessage request) =>
        Http.Header(request, "Authorization") != $"Bearer {AccessToken}" ? (401, "no bearer token of the account's user")
        : Http.Header(request, "developer-token") != DeveloperToken ? (401, "no developer-token of the API Center")
        : Http.Header(request, "login-customer-id") != Manager ? (403, "no login-customer-id of the manager account")
        : request.Method != "POST" || Http.Header(request, "Content-Type")?.StartsWith("application/json", StringComparison.Ordinal) != true ? (400, "not a POST of JSON")
        : null;

    protected override ResponseMessage Refusal(int status, string message) => Failure(status, "requestError", "INVALID_INPUT", message);

    protected override ResponseMessage? Route(IRequestMessage request, DateTimeOffset now)
    {
        if (!request.Path.StartsWith(Root, StringComparison.Ordinal) || Http.JsonBody(request) is not { } body)
        {
            return null;
        }

        return request.Path[Root.Length..] switch
        {
            "campaignBudgets:mutate" => Operation(body) is { } operation ? MutateBudget(operation, now, validateOnly: body["validateOnly"]?.GetValue<bool>() == true) : BadOperations(),
            "campaigns:mutate" => Operation(body) is { } operation ? MutateCampaign(operation, now) : BadOperations(),
            "adGroupAds:mutate" => Operation(body) is { } operation ? MutateAd(operation) : BadOperations(),
            "googleAds:searchStream" => Search(body["query"]?.ToString() ?? "", now),
            _ => null,
        };
    }

    private static JsonObject? Operation(JsonObject body) => body["operations"] is JsonArray { Count: 1 } operations ? operations[0] as JsonObject : null;

    private static ResponseMessage BadOperations() => Failure(400, "mutateError", "INVALID_OPERATION", "the simulation takes one operation per mutate");

    /// <summary>A budget created or its amount changed; with <c>validateOnly</c> an update is checked, not made, and answers no resource.</summary>
    private ResponseMessage MutateBudget(JsonObject operation, DateTimeOffset now, bool validateOnly)
    {
        if (operation["create"] is JsonObject create && !validateOnly)
        {
            string name = create["name"]?.ToString() ?? "";
            if (budgets.Values.Any(b => b.Name == name && b.Status == "ENABLED"))
            {
                return Failure(400, "campaignBudgetError", "DUPLICATE_NAME", $"a budget named '{name}' exists");
            }

            if (Micros(create["amountMicros"]) is not { } micros)
            {
                return NotWholeMinorUnits(create["amountMicros"]);
            }

            if (micros < MinimumMicros)
            {
                return BelowMinimum(micros);
            }

            string id = (nextId++).ToString(CultureInfo.InvariantCulture);
            budgets[id] = new Budget($"customers/{Customer}/campaignBudgets/{id}", name, micros, "ENABLED");
            return Done(budgets[id].ResourceName);
        }

        if (operation["update"] is not JsonObject update || operation["updateMask"]?.ToString() != "amountMicros")
        {
            return Failure(400, "fieldMaskError", "FIELD_NOT_FOUND", "a budget update names amountMicros in its updateMask");
        }

        if (budgets.Values.FirstOrDefault(b => b.ResourceName == update["resourceName"]?.ToString()) is not { } budget)
        {
            return Failure(400, "requestError", "RESOURCE_NAME_MALFORMED", $"no budget {update["resourceName"]}");
        }

        if (Micros(update["amountMicros"]) is not { } amount)
        {
            return NotWholeMinorUnits(update["amountMicros"]);
        }

        if (amount < MinimumMicros)
        {
            return BelowMinimum(amount);
        }

        if (validateOnly)
        {
            return Http.Json(new JsonObject());
        }

        budget.AmountMicros = amount;
        foreach (SimulatedCampaign campaign in Held.Where(c => budgetOfCampaign[c.Id] == BudgetId(budget.ResourceName)))
        {
            campaign.Set(now, budget: amount);
        }

        return Done(budget.ResourceName);
    }

    private ResponseMessage MutateCampaign(JsonObject operation, DateTimeOffset now)
    {
        if (operation["create"] is JsonObject create)
        {
            string name = create["name"]?.ToString() ?? "";
            string status = create["status"]?.ToString() ?? "";
            if (Held.Any(c => c.Name == name && c.Status != "REMOVED"))
            {
                return Failure(400, "campaignError", "DUPLICATE_CAMPAIGN_NAME", $"a campaign named '{name}' exists");
            }

            if (status is not ("PAUSED" or "ENABLED") || budgets.GetValueOrDefault(BudgetId(create["campaignBudget"]?.ToString() ?? "")) is not { } budget)
            {
                return Failure(400, "requestError", "INVALID_INPUT", "a campaign needs a status and an existing campaignBudget");
            }

            string id = (nextId++).ToString(CultureInfo.InvariantCulture);
            budgetOfCampaign[id] = BudgetId(budget.ResourceName);
            Add(new SimulatedCampaign(id, name, "ENABLED", CurrencyUnitsOfMicros, now)).Set(now, status, budget.AmountMicros);
            return Done(CampaignResource(id));
        }

        if (operation["update"] is not JsonObject update || operation["updateMask"]?.ToString() != "status"
            || update["status"]?.ToString() is not ("PAUSED" or "ENABLED" or "REMOVED") || Held.FirstOrDefault(c => CampaignResource(c.Id) == update["resourceName"]?.ToString()) is not { } campaign)
        {
            return Failure(400, "requestError", "INVALID_INPUT", "a campaign update sets status (with updateMask status) of an existing campaign");
        }

        campaign.Set(now, status: update["status"]!.ToString());
        return Done(CampaignResource(campaign.Id));
    }

    /// <summary>Micros that are a whole number of the currency's minor unit (EUR: 10,000 micros), as Google requires.</summary>
    private static long? Micros(JsonNode? value) =>
        long.TryParse(value?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out long micros) && micros % 10_000 == 0 ? micros : null;

    private static decimal CurrencyUnitsOfMicros(long micros) => micros / 1_000_000m;

    private static ResponseMessage NotWholeMinorUnits(JsonNode? value) =>
        Failure(400, "campaignBudgetError", "NON_MULTIPLE_OF_MINIMUM_CURRENCY_UNIT", $"amountMicros '{value}' is not a whole number of cents");

    private static string CampaignResource(string id) => $"customers/{Customer}/campaigns/{id}";

    private static string BudgetId(string resourceName) => resourceName[(resourceName.LastIndexOf('/') + 1)..];

    private static ResponseMessage Done(string resourceName) =>
        Http.Json(new JsonObject { ["results"] = new JsonArray(new JsonObject { ["resourceName"] = resourceName }) });

    /// <summary>Google's error body: a GoogleAdsFailure with one error.</summary>
    private static ResponseMessage Failure(int status, string kind, string code, string message) => Http.Json(
        new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = status,
                ["message"] = "Request contains an invalid argument.",
                ["status"] = status switch { 401 => "UNAUTHENTICATED", 403 => "PERMISSION_DENIED", 404 => "NOT_FOUND", _ => "INVALID_ARGUMENT" },
                ["details"] = new JsonArray(new JsonObject
                {
                    ["@type"] = "type.googleapis.com/google.ads.googleads.v21.errors.GoogleAdsFailure",
                    ["errors"] = new JsonArray(new JsonObject { ["errorCode"] = new JsonObject { [kind] = code }, ["message"] = message }),
                }),
            },
        },
        status);

    /// <summary>One cent, the least budget the account's currency takes.</summary>
    private const long MinimumMicros = 10_000;

    private static ResponseMessage BelowMinimum(long micros) =>
        Failure(400, "campaignBudgetError", "MONEY_AMOUNT_LESS_THAN_CURRENCY_MINIMUM_CPC", $"amountMicros {micros} is under the currency's minimum of {MinimumMicros}");

    private sealed class Budget(string resourceName, string name, long amountMicros, string status)
    {
        public string ResourceName { get; } = resourceName;

        public string Name { get; } = name;

        public long AmountMicros { get; set; } = amountMicros;

        public string Status { get; } = status;
    }
}
