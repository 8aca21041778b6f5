using System.Text.Json.Nodes;
using Gtm.Channels.Live.Creatives;

namespace Gtm.Channels.Live.GoogleAds;

/// <summary>
/// Google Ads through its REST API. A campaign is a Search campaign with its own daily budget
/// (<c>campaignBudgets:mutate</c>, <c>amountMicros</c>), created paused and named with its
/// idempotency key's tag; status changes are <c>campaigns:mutate</c> updates with an
/// <c>updateMask</c>; reads are GAQL, the campaign's ads included (which content it serves). The account's currency is fixed by Google, so a budget in
/// another currency is refused rather than converted.
/// </summary>
internal sealed partial class GoogleAdsChannel(GoogleAdsApi api, TimeProvider time) : IChannelAdapter
{
    private const string CampaignFields = "campaign.id, campaign.name, campaign.status, campaign_budget.resource_name, campaign_budget.amount_micros, customer.currency_code";

    public string Channel => "google_ads";

    /// <summary>A campaign budget is at least the currency's minimum unit.</summary>
    public bool ZeroBudgetAllowed => false;

    public async Task<PlatformCampaign> ProvisionAsync(ProvisionRequest request, CancellationToken cancellation)
    {
        string tag = CampaignName.Tag(request.IdempotencyKey);
        if (await FindByTagAsync(tag, cancellation).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        await RequireAccountCurrencyAsync(request.Currency, cancellation).ConfigureAwait(false);
        long micros = CurrencyUnits.ToMicros(request.DailyBudget, request.Currency);
        string budget = await CreateBudgetAsync(tag, micros, cancellation).ConfigureAwait(false);
        string name = CampaignName.For(request);
        string created;
        try
        {
            created = await api.MutateAsync("campaigns", new JsonObject { ["create"] = NewCampaign(name, budget) }, cancellation).ConfigureAwait(false);
        }
        catch (ChannelException ex) when (ex is not ChannelUnauthorizedException)
        {
            // The create may have landed with its answer lost (an attempt timed out and the retry
            // was refused as a duplicate name): the campaign's tag finds it.
            if (await FindByTagAsync(tag, cancellation).ConfigureAwait(false) is { } found)
            {
                return found;
            }

            throw;
        }

        return new PlatformCampaign(Channel, Id(created), request.CampaignId, request.VentureId, CampaignStatus.Paused, micros, "micros", request.Currency, CurrencyUnits.FromMicros(micros), CreativeSplit.Launch);
    }

    public Task<PlatformCampaign?> FindProvisionedAsync(ProvisionRequest request, CancellationToken cancellation) =>
        FindByTagAsync(CampaignName.Tag(request.IdempotencyKey), cancellation);

    /// <summary>The budget update sent with <c>validateOnly</c>: Google checks it, the currency's minimum included, and changes nothing.</summary>
    public async Task ValidateDailyBudgetAsync(string platformCampaignId, decimal amount, string currency, CancellationToken cancellation)
    {
        JsonNode row = await RowAsync(platformCampaignId, cancellation).ConfigureAwait(false);
        await api.ValidateAsync("campaignBudgets", BudgetUpdate(row, amount, currency), cancellation).ConfigureAwait(false);
    }

    public async Task<PlatformCampaign> SetDailyBudgetAsync(string platformCampaignId, decimal amount, string currency, CancellationToken cancellation)
    {
        JsonNode row = await RowAsync(platformCampaignId, cancellation).ConfigureAwait(false);
        JsonObject update = BudgetUpdate(row, amount, currency);
        await api.MutateAsync("campaignBudgets", update, cancellation).ConfigureAwait(false);
        row["campaignBudget"]!["amountMicros"] = update["update"]!["amountMicros"]!.DeepClone();
        return ToCampaign(row, await ServingAsync(platformCampaignId, cancellation).ConfigureAwait(false));
    }

    /// <summary>The update of a campaign's own budget to <paramref name="amount"/>, refused in another currency than the account's.</summary>
    private JsonObject BudgetUpdate(JsonNode row, decimal amount, string currency)
    {
        string accountCurrency = row["customer"]?["currencyCode"]?.ToString() ?? "";
        if (!string.Equals(accountCurrency, currency, StringComparison.OrdinalIgnoreCase))
        {
            throw new ChannelRefusedException(Channel, $"campaign {row["campaign"]?["id"]} spends in {accountCurrency}, not {currency}");
        }

        long micros = CurrencyUnits.ToMicros(amount, currency);
        var update = new JsonObject { ["resourceName"] = row["campaignBudget"]?["resourceName"]?.ToString(), ["amountMicros"] = micros.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        return new JsonObject { ["update"] = update, ["updateMask"] = "amountMicros" };
    }

    /// <summary>Stops spend first, then reads the campaign back: a rollback's pause must not wait on a read.</summary>
    public Task<PlatformCampaign> PauseAsync(string platformCampaignId, CancellationToken cancellation) => SetStatusAsync(platformCampaignId, "PAUSED", cancellation);

    public Task<PlatformCampaign> ResumeAsync(string platformCampaignId, CancellationToken cancellation) => SetStatusAsync(platformCampaignId, "ENABLED", cancellation);

    public async Task<PlatformCampaign> GetAsync(string platformCampaignId, CancellationToken cancellation) =>
        ToCampaign(await RowAsync(platformCampaignId, cancellation).ConfigureAwait(false), await ServingAsync(platformCampaignId, cancellation).ConfigureAwait(false));

    private async Task<CreativeSplit> ServingAsync(string platformCampaignId, CancellationToken cancellation) =>
        TaggedCreatives.Serving(Creatives(await AdsAsync(platformCampaignId, cancellation).ConfigureAwait(false)));

    private async Task<PlatformCampaign> SetStatusAsync(string platformCampaignId, string status, CancellationToken cancellation)
    {
        var update = new JsonObject { ["resourceName"] = $"customers/{api.CustomerId}/campaigns/{Checked(platformCampaignId)}", ["status"] = status };
        await api.MutateAsync("campaigns", new JsonObject { ["update"] = update, ["updateMask"] = "status" }, cancellation).ConfigureAwait(false);
        return await GetAsync(platformCampaignId, cancellation).ConfigureAwait(false);
    }

    private async Task RequireAccountCurrencyAsync(string currency, CancellationToken cancellation)
    {
        IReadOnlyList<JsonNode> rows = await api.SearchAsync("SELECT customer.currency_code FROM customer", cancellation).ConfigureAwait(false);
        string accountCurrency = (rows.Count > 0 ? rows[0] : null)?["customer"]?["currencyCode"]?.ToString() ?? "";
        if (!string.Equals(accountCurrency, currency, StringComparison.OrdinalIgnoreCase))
        {
            throw new ChannelRefusedException(Channel, $"customer {api.CustomerId} spends in {accountCurrency}, not {currency}: Google Ads accounts have one currency");
        }
    }

    /// <summary>A budget of its own per campaign; one a lost answer had created is found by its name and reused.</summary>
    private async Task<string> CreateBudgetAsync(string tag, long micros, CancellationToken cancellation)
    {
        string name = GoogleAdsCampaignName.Budget(tag);
        var budget = new JsonObject
        {
            ["name"] = name,
            ["amountMicros"] = micros.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["deliveryMethod"] = "STANDARD",
            ["explicitlyShared"] = false,
        };
        try
        {
            return await api.MutateAsync("campaignBudgets", new JsonObject { ["create"] = budget }, cancellation).ConfigureAwait(false);
        }
        catch (ChannelException ex) when (ex is not ChannelUnauthorizedException)
        {
            IReadOnlyList<JsonNode> rows = await api.SearchAsync($"SELECT campaign_budget.resource_name FROM campaign_budget WHERE campaign_budget.name = '{name}' AND campaign_budget.status = 'ENABLED'", cancellation).ConfigureAwait(false);
            if ((rows.Count > 0 ? rows[0] : null)?["campaignBudget"]?["resourceName"]?.ToString() is { } found)
            {
                return found;
            }

            throw;
        }
    }

    /// <summary>
    /// Paused, manual CPC on Google Search, not EU political advertising (a field Google requires
    /// on every new campaign): a plain campaign that spends nothing until it is resumed.
    /// </summary>
    private static JsonObject NewCampaign(string name, string budget) => new()
    {
        ["name"] = name,
        ["status"] = "PAUSED",
        ["advertisingChannelType"] = "SEARCH",
        ["campaignBudget"] = budget,
        ["manualCpc"] = new JsonObject(),
        ["networkSettings"] = new JsonObject { ["targetGoogleSearch"] = true, ["targetSearchNetwork"] = true, ["targetContentNetwork"] = false },
        ["containsEuPoliticalAdvertising"] = "DOES_NOT_CONTAIN_EU_POLITICAL_ADVERTISING",
    };

    private async Task<PlatformCampaign?> FindByTagAsync(string tag, CancellationToken cancellation)
    {
        IReadOnlyList<JsonNode> rows = await api.SearchAsync($"SELECT {CampaignFields} FROM campaign WHERE campaign.name LIKE '%{tag}' AND campaign.status != 'REMOVED'", cancellation).ConfigureAwait(false);
        // A provisioning being retried comes before any ads are made: it serves the launch content.
        return rows.Count == 0 ? null : ToCampaign(rows[0], CreativeSplit.Launch);
    }

    private async Task<JsonNode> RowAsync(string platformCampaignId, CancellationToken cancellation)
    {
        IReadOnlyList<JsonNode> rows = await api.SearchAsync($"SELECT {CampaignFields} FROM campaign WHERE campaign.id = {Checked(platformCampaignId)}", cancellation).ConfigureAwait(false);
        return rows.Count > 0 ? rows[0] : throw new ChannelRefusedException(Channel, $"campaign {platformCampaignId} does not exist in customer {api.CustomerId}");
    }

    /// <summary>Google's campaign ids are numbers; anything else would end up inside a GAQL query.</summary>
    private string Checked(string platformCampaignId) =>
        platformCampaignId.Length > 0 && platformCampaignId.All(char.IsAsciiDigit)
            ? platformCampaignId
            : throw new ChannelRefusedException(Channel, $"'{platformCampaignId}' is not a Google Ads campaign id");

    private static string Id(string resourceName) => resourceName[(resourceName.LastIndexOf('/') + 1)..];

    /// <summary>Anything but ENABLED (PAUSED, REMOVED) spends nothing, so it reads as paused.</summary>
    private PlatformCampaign ToCampaign(JsonNode row, CreativeSplit creatives)
    {
        JsonNode campaign = row["campaign"]!;
        long micros = GoogleAdsApi.Int64(row["campaignBudget"]?["amountMicros"]);
        (string ventureId, string campaignId) = CampaignName.Ids(campaign["name"]?.ToString() ?? "");
        CampaignStatus status = campaign["status"]?.ToString() == "ENABLED" ? CampaignStatus.Active : CampaignStatus.Paused;
        return new PlatformCampaign(Channel, campaign["id"]!.ToString(), campaignId, ventureId, status, micros, "micros", row["customer"]?["currencyCode"]?.ToString() ?? "", CurrencyUnits.FromMicros(micros), creatives);
    }
}
