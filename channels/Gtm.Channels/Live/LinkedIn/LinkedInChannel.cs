using System.Text.Json.Nodes;
using Gtm.Channels.Live.Creatives;
using Gtm.Channels.Live.Configuration;

namespace Gtm.Channels.Live.LinkedIn;

/// <summary>
/// LinkedIn Ads through its versioned REST API. A campaign is created paused in the configured
/// campaign group, named with its idempotency key's tag, with a daily budget in the currency's
/// major unit; status and budget changes are <c>PARTIAL_UPDATE</c> patches; a read is the campaign
/// and its creatives (which content it serves). LinkedIn fixes the ad account's currency, and
/// refuses a budget in another one itself.
/// </summary>
internal sealed partial class LinkedInChannel(LinkedInApi api, TimeProvider time) : IChannelAdapter
{
    /// <summary>LinkedIn's amounts are decimal strings; the product's integer unit for them is the currency's minor unit.</summary>
    private const string BudgetUnit = "minor_units";

    /// <summary>LinkedIn's documented minimum daily budget for Sponsored Content.</summary>
    private const decimal MinimumUsdDailyBudget = 10m;

    /// <summary>LinkedIn's limit on a campaign's name, in UTF-8 bytes.</summary>
    private const int MaxNameBytes = 255;

    public string Channel => ChannelPlatform.LinkedIn.Channel;

    /// <summary>LinkedIn refuses a daily budget under its minimum (10 USD or the currency's equivalent).</summary>
    public bool ZeroBudgetAllowed => false;

    public async Task<PlatformCampaign> ProvisionAsync(ProvisionRequest request, CancellationToken cancellation)
    {
        string name = CampaignName.For(request, MaxNameBytes);
        if (await FindAsync(name, cancellation).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        JsonObject campaign = NewCampaign(name, request);
        string id;
        try
        {
            id = await api.CreateCampaignAsync(campaign, cancellation).ConfigureAwait(false);
        }
        catch (ChannelException ex) when (ex is not ChannelUnauthorizedException)
        {
            // The create may have landed with its answer lost (an attempt timed out): its name finds it.
            if (await FindAsync(name, cancellation).ConfigureAwait(false) is { } found)
            {
                return found;
            }

            throw;
        }

        long units = CurrencyUnits.ToMinorUnits(request.DailyBudget, request.Currency);
        string currency = request.Currency.ToUpperInvariant();
        return new PlatformCampaign(Channel, id, request.CampaignId, request.VentureId, CampaignStatus.Paused, units, BudgetUnit, currency, CurrencyUnits.FromMinorUnits(units, currency), CreativeSplit.Launch);
    }

    public Task<PlatformCampaign?> FindProvisionedAsync(ProvisionRequest request, CancellationToken cancellation) =>
        FindAsync(CampaignName.For(request, MaxNameBytes), cancellation);

    /// <summary>
    /// LinkedIn has no validate-only call; its documented minimum daily budget is 10 USD, so a USD
    /// budget under it is refused here. In another currency the minimum is LinkedIn's own
    /// conversion, and LinkedIn answers for it when the budget is set.
    /// </summary>
    public Task ValidateDailyBudgetAsync(string platformCampaignId, decimal amount, string currency, CancellationToken cancellation)
    {
        Checked(platformCampaignId);
        decimal minimum = string.Equals(currency, "USD", StringComparison.OrdinalIgnoreCase) ? MinimumUsdDailyBudget : 0;
        return amount >= minimum && amount > 0
            ? Task.CompletedTask
            : Task.FromException(new ChannelRefusedException(Channel, $"campaign {platformCampaignId}: a daily budget of {amount} {currency} is under LinkedIn's minimum of {(minimum > 0 ? $"{minimum} USD" : "more than zero")}"));
    }

    public async Task<PlatformCampaign> SetDailyBudgetAsync(string platformCampaignId, decimal amount, string currency, CancellationToken cancellation)
    {
        await api.UpdateCampaignAsync(Checked(platformCampaignId), new JsonObject { ["dailyBudget"] = LinkedInMoney.Of(amount, currency) }, cancellation).ConfigureAwait(false);
        return await GetAsync(platformCampaignId, cancellation).ConfigureAwait(false);
    }

    /// <summary>Stops spend first, then reads the campaign back: a rollback's pause must not wait on a read.</summary>
    public Task<PlatformCampaign> PauseAsync(string platformCampaignId, CancellationToken cancellation) => SetStatusAsync(platformCampaignId, "PAUSED", cancellation);

    public Task<PlatformCampaign> ResumeAsync(string platformCampaignId, CancellationToken cancellation) => SetStatusAsync(platformCampaignId, "ACTIVE", cancellation);

    public async Task<PlatformCampaign> GetAsync(string platformCampaignId, CancellationToken cancellation)
    {
        JsonNode campaign = await api.GetCampaignAsync(Checked(platformCampaignId), cancellation).ConfigureAwait(false);
        IReadOnlyList<TaggedCreative> creatives = LinkedInCreatives.Read(await api.CreativesAsync(platformCampaignId, cancellation).ConfigureAwait(false));
        return ToCampaign(campaign, TaggedCreatives.Serving(creatives));
    }

    private async Task<PlatformCampaign> SetStatusAsync(string platformCampaignId, string status, CancellationToken cancellation)
    {
        await api.UpdateCampaignAsync(Checked(platformCampaignId), new JsonObject { ["status"] = status }, cancellation).ConfigureAwait(false);
        return await GetAsync(platformCampaignId, cancellation).ConfigureAwait(false);
    }

    /// <summary>
    /// The campaign a create of this name made, unless it was deleted since. It serves the launch
    /// content: a provisioning being retried comes before any rollout.
    /// </summary>
    private async Task<PlatformCampaign?> FindAsync(string name, CancellationToken cancellation)
    {
        IReadOnlyList<JsonNode> campaigns = await api.SearchCampaignsAsync(name, cancellation).ConfigureAwait(false);
        JsonNode? match = campaigns.FirstOrDefault(c => c["name"]?.ToString() == name && c["status"]?.ToString() is not ("REMOVED" or "PENDING_DELETION"));
        return match is null ? null : ToCampaign(match, CreativeSplit.Launch);
    }

    /// <summary>
    /// Paused, Sponsored Content driving website visits, bid by LinkedIn for the most clicks within
    /// the daily budget, creatives rotated evenly (so a candidate's share is known), on LinkedIn
    /// only, to the configured locations, declared not political: a plain campaign that spends
    /// nothing until it is resumed.
    /// </summary>
    private JsonObject NewCampaign(string name, ProvisionRequest request)
    {
        LinkedInOptions options = api.Options;
        JsonArray locations = [.. options.LocationIds.Select(id => (JsonNode)Restli.GeoUrn(id))];
        return new JsonObject
        {
            ["account"] = Restli.AccountUrn(options.AdAccountId!),
            ["campaignGroup"] = Restli.CampaignGroupUrn(options.CampaignGroupId!),
            ["name"] = name,
            ["status"] = "PAUSED",
            ["type"] = "SPONSORED_UPDATES",
            ["objectiveType"] = "WEBSITE_VISIT",
            ["costType"] = "CPC",
            ["optimizationTargetType"] = "MAX_CLICK",
            ["creativeSelection"] = "ROUND_ROBIN",
            ["dailyBudget"] = LinkedInMoney.Of(request.DailyBudget, request.Currency),
            ["locale"] = new JsonObject { ["country"] = options.Locale[3..], ["language"] = options.Locale[..2] },
            ["runSchedule"] = new JsonObject { ["start"] = time.GetUtcNow().ToUnixTimeMilliseconds() },
            ["targetingCriteria"] = new JsonObject
            {
                ["include"] = new JsonObject
                {
                    ["and"] = new JsonArray(new JsonObject { ["or"] = new JsonObject { ["urn:li:adTargetingFacet:locations"] = locations } }),
                },
            },
            ["offsiteDeliveryEnabled"] = false,
            ["audienceExpansionEnabled"] = false,
            ["politicalIntent"] = "NOT_POLITICAL",
        };
    }

    /// <summary>LinkedIn's campaign ids are numbers; anything else would end up in a path.</summary>
    private string Checked(string platformCampaignId) =>
        platformCampaignId.Length > 0 && platformCampaignId.All(char.IsAsciiDigit)
            ? platformCampaignId
            : throw new ChannelRefusedException(Channel, $"'{platformCampaignId}' is not a LinkedIn campaign id");

    /// <summary>Anything but ACTIVE (PAUSED, DRAFT, ARCHIVED, COMPLETED, CANCELED) spends nothing, so it reads as paused.</summary>
    private PlatformCampaign ToCampaign(JsonNode campaign, CreativeSplit creatives)
    {
        (string ventureId, string campaignId) = CampaignName.Ids(campaign["name"]?.ToString() ?? "");
        CampaignStatus status = campaign["status"]?.ToString() == "ACTIVE" ? CampaignStatus.Active : CampaignStatus.Paused;
        string currency = campaign["dailyBudget"]?["currencyCode"]?.ToString() ?? "";
        decimal amount = LinkedInMoney.Number(campaign["dailyBudget"]?["amount"]);
        long units = currency.Length == 0 ? 0 : CurrencyUnits.ToMinorUnits(amount, currency);
        return new PlatformCampaign(Channel, Restli.Id(campaign["id"]!.ToString()), campaignId, ventureId, status, units, BudgetUnit, currency, amount, creatives);
    }
}
