using System.Globalization;
using System.Text.Json.Nodes;
using Gtm.Channels.Live.Creatives;

namespace Gtm.Channels.Live.Meta;

/// <summary>
/// Meta Ads through the Marketing API. A campaign is created paused under the ad account
/// (<c>POST act_{id}/campaigns</c>) with the configured objective, no special ad category and a
/// campaign daily budget in the currency's minor unit (cents, whole yen), named with its
/// idempotency key's tag; changes are <c>POST /{campaign_id}</c>; a read is the campaign
/// (<c>GET /{campaign_id}</c>) and its ads, which say what content it serves. The ad sets and ads
/// are the content team's: the product switches their ads between content generations and runs
/// A/B tests on copies of them (see the partial files). The ad account's currency is fixed by
/// Meta, so a budget in another currency is refused rather than converted.
/// </summary>
internal sealed partial class MetaChannel(MetaApi api, TimeProvider time) : IChannelAdapter
{
    private const string CampaignFields = "id,name,status,daily_budget";
    private const string Unit = "minor_units";

    public string Channel => "meta";

    /// <summary>Meta refuses a daily budget under the ad account's minimum.</summary>
    public bool ZeroBudgetAllowed => false;

    public async Task<PlatformCampaign> ProvisionAsync(ProvisionRequest request, CancellationToken cancellation)
    {
        string tag = CampaignName.Tag(request.IdempotencyKey);
        if (await FindByTagAsync(tag, cancellation).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        await RequireAccountCurrencyAsync(request.Currency, cancellation).ConfigureAwait(false);
        long minor = CurrencyUnits.ToMinorUnits(request.DailyBudget, request.Currency);
        var campaign = new Dictionary<string, string>
        {
            ["name"] = CampaignName.For(request),
            ["objective"] = api.Objective,
            ["status"] = "PAUSED",
            // The product's campaigns are not about credit, employment, housing or politics; Meta requires the field on every campaign.
            ["special_ad_categories"] = "[]",
            ["daily_budget"] = minor.ToString(CultureInfo.InvariantCulture),
        };
        JsonNode created;
        try
        {
            created = await api.PostAsync($"{api.AdAccount}/campaigns", campaign, cancellation, singleAttempt: true).ConfigureAwait(false);
        }
        catch (ChannelException ex) when (ex.Retryable)
        {
            // The create may have landed with its answer lost: the campaign's tag finds it.
            if (await FindByTagAsync(tag, cancellation).ConfigureAwait(false) is { } found)
            {
                return found;
            }

            throw;
        }

        string id = created["id"]?.ToString() ?? throw new ChannelException(Channel, "the campaign was created without an id in the answer");
        return new PlatformCampaign(Channel, id, request.CampaignId, request.VentureId, CampaignStatus.Paused, minor, Unit, request.Currency.ToUpperInvariant(), CurrencyUnits.FromMinorUnits(minor, request.Currency), CreativeSplit.Launch);
    }

    public Task<PlatformCampaign?> FindProvisionedAsync(ProvisionRequest request, CancellationToken cancellation) =>
        FindByTagAsync(CampaignName.Tag(request.IdempotencyKey), cancellation);

    /// <summary>The budget change sent with <c>execution_options=["validate_only"]</c>: Meta checks it, its minimum included, and changes nothing.</summary>
    public async Task ValidateDailyBudgetAsync(string platformCampaignId, decimal amount, string currency, CancellationToken cancellation)
    {
        string id = Checked(platformCampaignId);
        await RequireAccountCurrencyAsync(currency, cancellation).ConfigureAwait(false);
        var form = new Dictionary<string, string>
        {
            ["daily_budget"] = CurrencyUnits.ToMinorUnits(amount, currency).ToString(CultureInfo.InvariantCulture),
            ["execution_options"] = "[\"validate_only\"]",
        };
        await api.PostAsync(id, form, cancellation).ConfigureAwait(false);
    }

    public async Task<PlatformCampaign> SetDailyBudgetAsync(string platformCampaignId, decimal amount, string currency, CancellationToken cancellation)
    {
        string id = Checked(platformCampaignId);
        await RequireAccountCurrencyAsync(currency, cancellation).ConfigureAwait(false);
        long minor = CurrencyUnits.ToMinorUnits(amount, currency);
        await api.PostAsync(id, new Dictionary<string, string> { ["daily_budget"] = minor.ToString(CultureInfo.InvariantCulture) }, cancellation).ConfigureAwait(false);
        return await GetAsync(id, cancellation).ConfigureAwait(false);
    }

    /// <summary>Stops spend first, then reads the campaign back: a rollback's pause must not wait on a read.</summary>
    public Task<PlatformCampaign> PauseAsync(string platformCampaignId, CancellationToken cancellation) => SetStatusAsync(platformCampaignId, "PAUSED", cancellation);

    public Task<PlatformCampaign> ResumeAsync(string platformCampaignId, CancellationToken cancellation) => SetStatusAsync(platformCampaignId, "ACTIVE", cancellation);

    /// <summary>The campaign, then its ads: what they serve.</summary>
    public async Task<PlatformCampaign> GetAsync(string platformCampaignId, CancellationToken cancellation)
    {
        string id = Checked(platformCampaignId);
        JsonNode campaign = await api.GetAsync(id, new Dictionary<string, string> { ["fields"] = CampaignFields }, cancellation).ConfigureAwait(false);
        IReadOnlyList<TaggedCreative> ads = MetaAds.Rotation(await AdsAsync(id, cancellation).ConfigureAwait(false));
        return ToCampaign(campaign, await api.AccountCurrencyAsync(cancellation).ConfigureAwait(false), TaggedCreatives.Serving(ads));
    }

    /// <summary>The campaign read, serving <paramref name="creatives"/> (known from the ads just switched).</summary>
    private async Task<PlatformCampaign> CampaignAsync(string id, CreativeSplit creatives, CancellationToken cancellation)
    {
        JsonNode campaign = await api.GetAsync(id, new Dictionary<string, string> { ["fields"] = CampaignFields }, cancellation).ConfigureAwait(false);
        return ToCampaign(campaign, await api.AccountCurrencyAsync(cancellation).ConfigureAwait(false), creatives);
    }

    private async Task<PlatformCampaign> SetStatusAsync(string platformCampaignId, string status, CancellationToken cancellation)
    {
        string id = Checked(platformCampaignId);
        await api.PostAsync(id, new Dictionary<string, string> { ["status"] = status }, cancellation).ConfigureAwait(false);
        return await GetAsync(id, cancellation).ConfigureAwait(false);
    }

    private async Task RequireAccountCurrencyAsync(string currency, CancellationToken cancellation)
    {
        string accountCurrency = await api.AccountCurrencyAsync(cancellation).ConfigureAwait(false);
        if (!string.Equals(accountCurrency, currency, StringComparison.OrdinalIgnoreCase))
        {
            throw new ChannelRefusedException(Channel, $"ad account {api.AdAccount} spends in {accountCurrency}, not {currency}: Meta ad accounts have one currency");
        }
    }

    /// <summary>
    /// The campaign named with <paramref name="tag"/>, by a <c>filtering</c> on the name. Without a
    /// status filter Meta lists no deleted or archived campaigns, so a deleted one is not revived.
    /// Should two carry the tag, the first created (lowest id) is the one.
    /// </summary>
    private async Task<PlatformCampaign?> FindByTagAsync(string tag, CancellationToken cancellation)
    {
        var query = new Dictionary<string, string>
        {
            ["fields"] = CampaignFields,
            ["filtering"] = new JsonArray(new JsonObject { ["field"] = "name", ["operator"] = "CONTAIN", ["value"] = tag }).ToJsonString(),
        };
        JsonNode answer = await api.GetAsync($"{api.AdAccount}/campaigns", query, cancellation).ConfigureAwait(false);
        JsonNode? match = (answer["data"]?.AsArray() ?? [])
            .Where(c => c?["id"] is not null && CampaignName.HasTag(c["name"]?.ToString() ?? "", tag))
            .MinBy(c => decimal.Parse(c!["id"]!.ToString(), CultureInfo.InvariantCulture));
        // A provisioning being retried comes before any rollout: the campaign serves the launch content.
        return match is null ? null : ToCampaign(match, await api.AccountCurrencyAsync(cancellation).ConfigureAwait(false), CreativeSplit.Launch);
    }

    /// <summary>Graph ids are numbers; anything else would change the path the call goes to.</summary>
    private string Checked(string platformCampaignId) =>
        platformCampaignId.Length > 0 && platformCampaignId.All(char.IsAsciiDigit)
            ? platformCampaignId
            : throw new ChannelRefusedException(Channel, $"'{platformCampaignId}' is not a Meta campaign id");

    /// <summary>Anything but ACTIVE (PAUSED, DELETED, ARCHIVED) spends nothing, so it reads as paused.</summary>
    private PlatformCampaign ToCampaign(JsonNode campaign, string currency, CreativeSplit creatives)
    {
        long minor = MetaApi.Int64(campaign["daily_budget"]);
        (string ventureId, string campaignId) = CampaignName.Ids(campaign["name"]?.ToString() ?? "");
        CampaignStatus status = campaign["status"]?.ToString() == "ACTIVE" ? CampaignStatus.Active : CampaignStatus.Paused;
        return new PlatformCampaign(Channel, campaign["id"]!.ToString(), campaignId, ventureId, status, minor, Unit, currency, CurrencyUnits.FromMinorUnits(minor, currency), creatives);
    }
}
