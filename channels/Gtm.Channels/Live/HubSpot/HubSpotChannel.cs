using System.Text.Json.Nodes;

namespace Gtm.Channels.Live.HubSpot;

/// <summary>
/// The email channel on HubSpot. A campaign is a marketing email (created as an automated draft)
/// and the workflow that sends it to the campaign's audience (created disabled); pausing and
/// resuming disable and enable the workflow, resuming publishes the email first. HubSpot has no
/// budget for email, so the daily budget is the product's own record, kept with the rest of its
/// state in the workflow's custom properties (<see cref="HubSpotCampaignState"/>).
/// </summary>
internal sealed partial class HubSpotChannel(HubSpotApi api, TimeProvider time) : IChannelAdapter
{
    public const string Name = "email";

    /// <summary>
    /// How far back a retried provisioning looks for the email a lost answer had created: durable
    /// retries come within minutes, a host restart within hours. An older one is left as a draft.
    /// </summary>
    private static readonly TimeSpan LostEmailLookback = TimeSpan.FromDays(7);

    public string Channel => Name;

    /// <summary>The budget is the product's own figure, kept on the workflow: HubSpot spends nothing by it.</summary>
    public bool ZeroBudgetAllowed => true;

    /// <summary>
    /// The email first, then the workflow that names it: a workflow can only exist beside its email,
    /// so the cheap search of recent emails tells whether the account's workflows need reading.
    /// </summary>
    public async Task<PlatformCampaign> ProvisionAsync(ProvisionRequest request, CancellationToken cancellation)
    {
        long budget = MinorUnits(request.DailyBudget, request.Currency);
        string tag = CampaignName.Tag(request.IdempotencyKey);
        string name = CampaignName.For(request);
        JsonObject? email = await FindEmailAsync(tag, cancellation).ConfigureAwait(false);
        if (email is not null && await FindFlowAsync(tag, cancellation).ConfigureAwait(false) is { } existing)
        {
            return ToCampaign(await ReadFlowAsync(HubSpotApi.Text(existing["id"]), null, withStatistics: false, cancellation).ConfigureAwait(false));
        }

        email ??= await CreateEmailAsync(request, name, tag, cancellation).ConfigureAwait(false);
        var state = new HubSpotCampaignState(tag, request.VentureId, request.CampaignId, HubSpotApi.Text(email["id"]), request.Currency.ToUpperInvariant(), budget, CreativeSplit.Launch.Current, new Dictionary<string, string>(), null, []);
        JsonObject flow = await CreateFlowAsync(name, state, cancellation).ConfigureAwait(false);
        return ToCampaign(new HubSpotCampaignId(state.EmailId, HubSpotApi.Text(flow["id"])), state, enabled: false, published: Published(email));
    }

    /// <summary>A campaign is its email and the workflow that sends it; an email left without one sends nothing.</summary>
    public async Task<PlatformCampaign?> FindProvisionedAsync(ProvisionRequest request, CancellationToken cancellation)
    {
        string tag = CampaignName.Tag(request.IdempotencyKey);
        return await FindEmailAsync(tag, cancellation).ConfigureAwait(false) is not null && await FindFlowAsync(tag, cancellation).ConfigureAwait(false) is { } flow
            ? ToCampaign(await ReadFlowAsync(HubSpotApi.Text(flow["id"]), null, withStatistics: false, cancellation).ConfigureAwait(false))
            : null;
    }

    /// <summary>The budget is the product's own figure for the email (HubSpot charges none): any amount of zero or more in its currency.</summary>
    public async Task ValidateDailyBudgetAsync(string platformCampaignId, decimal amount, string currency, CancellationToken cancellation)
    {
        Campaign campaign = await ReadAsync(platformCampaignId, cancellation).ConfigureAwait(false);
        if (!string.Equals(campaign.State.Currency, currency, StringComparison.OrdinalIgnoreCase) || amount < 0)
        {
            throw new ChannelRefusedException(Name, $"campaign {platformCampaignId} takes a budget of zero or more in {campaign.State.Currency}, not {amount} {currency}");
        }
    }

    public async Task<PlatformCampaign> SetDailyBudgetAsync(string platformCampaignId, decimal amount, string currency, CancellationToken cancellation)
    {
        Campaign campaign = await ReadAsync(platformCampaignId, cancellation).ConfigureAwait(false);
        if (!string.Equals(campaign.State.Currency, currency, StringComparison.OrdinalIgnoreCase))
        {
            throw new ChannelRefusedException(Name, $"campaign {platformCampaignId} is in {campaign.State.Currency}, not {currency}");
        }

        long budget = MinorUnits(amount, currency);
        return budget == campaign.State.BudgetMinorUnits
            ? ToCampaign(campaign)
            : await SaveAsync(campaign, campaign.Enabled, campaign.State with { BudgetMinorUnits = budget }, cancellation).ConfigureAwait(false);
    }

    /// <summary>Disables the workflow: no contact is enrolled or sent the email until it is resumed.</summary>
    public async Task<PlatformCampaign> PauseAsync(string platformCampaignId, CancellationToken cancellation)
    {
        Campaign campaign = await ReadAsync(platformCampaignId, cancellation).ConfigureAwait(false);
        return campaign.Enabled ? await SaveAsync(campaign, false, campaign.State, cancellation).ConfigureAwait(false) : ToCampaign(campaign);
    }

    /// <summary>Publishes the email (and a running test's variation) if it is a draft, then enables the workflow.</summary>
    public async Task<PlatformCampaign> ResumeAsync(string platformCampaignId, CancellationToken cancellation)
    {
        Campaign campaign = await ReadAsync(platformCampaignId, cancellation).ConfigureAwait(false);
        if (!campaign.Published)
        {
            await api.PublishEmailAsync(campaign.Id.EmailId, cancellation).ConfigureAwait(false);
            if (campaign.State.Test is { Running: true } test)
            {
                await api.PublishEmailAsync(test.VariationEmailId, cancellation).ConfigureAwait(false);
            }

            campaign = campaign with { Published = true };
        }

        return campaign.Enabled ? ToCampaign(campaign) : await SaveAsync(campaign, true, campaign.State, cancellation).ConfigureAwait(false);
    }

    public async Task<PlatformCampaign> GetAsync(string platformCampaignId, CancellationToken cancellation) =>
        ToCampaign(await ReadAsync(platformCampaignId, cancellation).ConfigureAwait(false));

    private Task<Campaign> ReadAsync(string platformCampaignId, CancellationToken cancellation, bool withStatistics = false)
    {
        HubSpotCampaignId id = HubSpotCampaignId.Parse(platformCampaignId);
        return ReadFlowAsync(id.FlowId, id.EmailId, withStatistics, cancellation);
    }

    /// <summary>The workflow with the product's state, then its email; an id whose two halves do not belong together is refused.</summary>
    private async Task<Campaign> ReadFlowAsync(string flowId, string? emailId, bool withStatistics, CancellationToken cancellation)
    {
        JsonObject flow = await api.GetFlowAsync(flowId, cancellation).ConfigureAwait(false);
        HubSpotCampaignState state = HubSpotCampaignState.FromProperties(flow["customProperties"])
            ?? throw new ChannelRefusedException(Name, $"workflow {flowId} was not made by this product: it has no campaign state");
        if (emailId is not null && emailId != state.EmailId)
        {
            throw new ChannelRefusedException(Name, $"workflow {flowId} sends email {state.EmailId}, not {emailId}");
        }

        JsonObject email = await api.GetEmailAsync(state.EmailId, withStatistics, cancellation).ConfigureAwait(false);
        return new Campaign(new HubSpotCampaignId(state.EmailId, flowId), flow, state, email, HubSpotWorkflow.IsEnabled(flow), Published(email));
    }

    /// <summary>Writes the workflow back at the revision it was read at, enabled or not, with the product's state.</summary>
    private async Task<PlatformCampaign> SaveAsync(Campaign campaign, bool enabled, HubSpotCampaignState state, CancellationToken cancellation)
    {
        await api.UpdateFlowAsync(campaign.Id.FlowId, HubSpotWorkflow.Update(campaign.Flow, enabled, state), cancellation).ConfigureAwait(false);
        return ToCampaign(campaign.Id, state, enabled, campaign.Published);
    }

    private async Task<JsonObject?> FindEmailAsync(string tag, CancellationToken cancellation) =>
        await KeepFirstAsync(await api.FindEmailsAsync(n => CampaignName.HasTag(n, tag), time.GetUtcNow() - LostEmailLookback, cancellation).ConfigureAwait(false), api.ArchiveEmailAsync, cancellation).ConfigureAwait(false);

    private async Task<JsonObject?> FindFlowAsync(string tag, CancellationToken cancellation) =>
        await KeepFirstAsync(await api.FindFlowsAsync(n => CampaignName.HasTag(n, tag), cancellation).ConfigureAwait(false), api.DeleteFlowAsync, cancellation).ConfigureAwait(false);

    /// <summary>
    /// An activity runs at least once (a worker that dies mid-call is replaced while the call may
    /// still land), and HubSpot keeps neither email nor workflow names unique, so provisioning can
    /// leave twins: the first made (HubSpot's ids grow) is kept, the others removed before anything
    /// refers to them. A twin already gone
    /// (404) is what removing it wants.
    /// </summary>
    private static async Task<JsonObject?> KeepFirstAsync(IReadOnlyList<JsonObject> found, Func<string, CancellationToken, Task> remove, CancellationToken cancellation)
    {
        JsonObject[] made = [.. found.OrderBy(f => HubSpotApi.Long(f["id"]))];
        foreach (JsonObject twin in made.Skip(1))
        {
            try
            {
                await remove(HubSpotApi.Text(twin["id"]), cancellation).ConfigureAwait(false);
            }
            catch (ChannelRefusedException ex) when (ex is not ChannelUnauthorizedException)
            {
            }
        }

        return made.FirstOrDefault();
    }

    /// <summary>An automated email, a draft until the campaign is resumed; its subject is the campaign's name until a test sets it.</summary>
    private async Task<JsonObject> CreateEmailAsync(ProvisionRequest request, string name, string tag, CancellationToken cancellation)
    {
        var email = new JsonObject { ["name"] = name, ["subject"] = request.Name, ["subcategory"] = "automated", ["state"] = "AUTOMATED_DRAFT" };
        try
        {
            return await api.CreateEmailAsync(email, cancellation).ConfigureAwait(false);
        }
        catch (ChannelException ex) when (ex is not ChannelUnauthorizedException)
        {
            // The create may have landed with its answer lost (an attempt timed out): its tag finds it.
            if (await FindEmailAsync(tag, cancellation).ConfigureAwait(false) is not { } found)
            {
                throw;
            }

            return found;
        }
    }

    private async Task<JsonObject> CreateFlowAsync(string name, HubSpotCampaignState state, CancellationToken cancellation)
    {
        try
        {
            return await api.CreateFlowAsync(HubSpotWorkflow.New(name, state), cancellation).ConfigureAwait(false);
        }
        catch (ChannelException ex) when (ex is not ChannelUnauthorizedException)
        {
            if (await FindFlowAsync(state.Tag, cancellation).ConfigureAwait(false) is not { } found)
            {
                throw;
            }

            return found;
        }
    }

    private static long MinorUnits(decimal amount, string currency)
    {
        if (amount < 0)
        {
            throw new ChannelRefusedException(Name, $"a daily budget cannot be negative ({amount} {currency})");
        }

        try
        {
            return CurrencyUnits.ToMinorUnits(amount, currency);
        }
        catch (ArgumentException ex)
        {
            throw new ChannelRefusedException(Name, ex.Message);
        }
    }

    private static bool Published(JsonObject email) => email["isPublished"]?.GetValue<bool>() ?? false;

    private static PlatformCampaign ToCampaign(Campaign campaign) => ToCampaign(campaign.Id, campaign.State, campaign.Enabled, campaign.Published);

    /// <summary>Active only when the workflow is enabled and its email published: either alone sends nothing.</summary>
    private static PlatformCampaign ToCampaign(HubSpotCampaignId id, HubSpotCampaignState state, bool enabled, bool published) => new(
        Name,
        id.ToString(),
        state.CampaignId,
        state.VentureId,
        enabled && published ? CampaignStatus.Active : CampaignStatus.Paused,
        state.BudgetMinorUnits,
        HubSpotCampaignState.BudgetUnit,
        state.Currency,
        CurrencyUnits.FromMinorUnits(state.BudgetMinorUnits, state.Currency),
        new CreativeSplit(state.Creative),
        state.Served);

    private sealed record Campaign(HubSpotCampaignId Id, JsonObject Flow, HubSpotCampaignState State, JsonObject Email, bool Enabled, bool Published);
}
