using System.Text.Json.Nodes;

namespace Gtm.Channels.Live.HubSpot;

/// <summary>
/// Creatives and A/B tests. HubSpot tests an email against one variation of it (a second email the
/// workflow's send splits the audience with), so a test here has two variants: the control is
/// written into the email, the other into its variation. Only the subject line is an email field;
/// preheader, body and call to action live in the modules of whichever template the email uses,
/// so tests of them are refused. The product hands a channel content generations by number, never
/// their copy, so the email cannot be switched to another generation or split with one: those are
/// refused too, and the generation the email serves stays the one it was made with.
/// </summary>
internal sealed partial class HubSpotChannel
{
    /// <summary>The product's content elements that are fields of a HubSpot marketing email.</summary>
    private static readonly Dictionary<string, string> EmailFields = new(StringComparer.Ordinal) { ["subject_line"] = "subject" };

    public async Task<PlatformCampaign> SetCreativesAsync(string platformCampaignId, CreativeSplit split, CancellationToken cancellation)
    {
        Campaign campaign = await ReadAsync(platformCampaignId, cancellation).ConfigureAwait(false);
        if (split.Candidate is { } candidate)
        {
            throw new ChannelRefusedException(Name, $"campaign {platformCampaignId} cannot serve content generation {candidate} beside {split.Current}: "
                + "the adapter holds no copy of it to write into an email, and HubSpot splits an email's audience only through an A/B test (see experiments)");
        }

        return split.Current == campaign.State.Creative
            ? ToCampaign(campaign)
            : throw new ChannelRefusedException(Name, $"campaign {platformCampaignId} serves content generation {campaign.State.Creative} and cannot switch to {split.Current}: "
                + "the adapter holds no copy of that generation to write into the email");
    }

    /// <summary>
    /// Creates the email's variation and writes the two variants' text into the email and the
    /// variation, with the test's settings on the email: the test group is the pilot share, the
    /// winner is judged on clicks per delivered email, and the email itself is kept when results are
    /// inconclusive or too few. HubSpot's own winner selection is left unused: the product ends the test.
    /// </summary>
    public async Task<PlatformCampaign> StartExperimentAsync(string platformCampaignId, ExperimentSpec spec, CancellationToken cancellation)
    {
        string field = Field(spec.Element);
        if (spec.Variants.Count != 2 || spec.PilotShare is <= 0 or > 1)
        {
            throw new ChannelRefusedException(Name, $"a HubSpot email test compares the email with one variation, so it takes 2 variants and a pilot share within 0 to 1, not {spec.Variants.Count} and {spec.PilotShare}");
        }

        Campaign campaign = await ReadAsync(platformCampaignId, cancellation, withStatistics: true).ConfigureAwait(false);
        if (campaign.State.Test is { } current && (current.TestId == spec.TestId || current.Running))
        {
            return current.TestId == spec.TestId
                ? ToCampaign(campaign)
                : throw new ChannelRefusedException(Name, $"campaign {platformCampaignId} already runs experiment {current.TestId}");
        }

        (ExperimentVariant control, ExperimentVariant variant) = (spec.Variants[0], spec.Variants[1]);
        string variation = await CreateVariationAsync(campaign, $"{HubSpotApi.Text(campaign.Email["name"])} · {spec.TestId} · {variant.Id}", cancellation).ConfigureAwait(false);
        await api.UpdateEmailAsync(variation, new JsonObject { [field] = variant.Text }, cancellation).ConfigureAwait(false);
        await api.UpdateEmailAsync(campaign.Id.EmailId, new JsonObject { [field] = control.Text, ["testing"] = TestSettings(spec.PilotShare) }, cancellation).ConfigureAwait(false);
        if (campaign.Published)
        {
            await api.PublishEmailAsync(variation, cancellation).ConfigureAwait(false);
        }

        EmailCounters before = EmailCounters.Of(campaign.Email);
        var test = new HubSpotTest(spec.TestId, spec.Element, control.Id, variant.Id, variation, before.Delivered, before.Clicks);
        HubSpotCampaignState state = campaign.State with { Test = test, VariationEmailIds = [.. campaign.State.VariationEmailIds.Append(variation).Distinct()] };
        return await SaveAsync(campaign, campaign.Enabled, state, cancellation).ConfigureAwait(false);
    }

    /// <summary>Each variant's delivered emails and clicks since the test began: the email's own counted from the start of the test.</summary>
    public async Task<ExperimentMetrics> ReadExperimentAsync(string platformCampaignId, string testId, CancellationToken cancellation)
    {
        Campaign campaign = await ReadAsync(platformCampaignId, cancellation, withStatistics: true).ConfigureAwait(false);
        HubSpotTest test = Test(campaign, testId);
        EmailCounters control = EmailCounters.Of(campaign.Email);
        EmailCounters variant = EmailCounters.Of(await api.GetEmailAsync(test.VariationEmailId, withStatistics: true, cancellation, archived: !test.Running).ConfigureAwait(false));
        ExperimentArm[] arms =
        [
            new(test.ControlId, Math.Max(0, control.Delivered - test.DeliveredBefore), Math.Max(0, control.Clicks - test.ClicksBefore)),
            new(test.VariantId, variant.Delivered, variant.Clicks),
        ];
        return new ExperimentMetrics(testId, test.Element, arms, test.Running, time.GetUtcNow());
    }

    /// <summary>Writes the winner's text into the email when the variation won, then archives the variation: everyone gets the email.</summary>
    public async Task<PlatformCampaign> EndExperimentAsync(string platformCampaignId, string testId, string variantId, CancellationToken cancellation)
    {
        Campaign campaign = await ReadAsync(platformCampaignId, cancellation).ConfigureAwait(false);
        HubSpotTest test = Test(campaign, testId);
        if (variantId != test.ControlId && variantId != test.VariantId)
        {
            throw new ChannelRefusedException(Name, $"experiment {testId} has no variant {variantId}");
        }

        if (!test.Running)
        {
            return test.Winner == variantId
                ? ToCampaign(campaign)
                : throw new ChannelRefusedException(Name, $"experiment {testId} already ended serving {test.Winner}");
        }

        if (variantId == test.VariantId)
        {
            string field = Field(test.Element);
            JsonObject variation = await api.GetEmailAsync(test.VariationEmailId, withStatistics: false, cancellation).ConfigureAwait(false);
            await api.UpdateEmailAsync(campaign.Id.EmailId, new JsonObject { [field] = variation[field]?.DeepClone() }, cancellation).ConfigureAwait(false);
        }

        await ArchiveVariationAsync(test.VariationEmailId, cancellation).ConfigureAwait(false);
        var served = new Dictionary<string, string>(campaign.State.Served, StringComparer.Ordinal) { [test.Element] = variantId };
        return await SaveAsync(campaign, campaign.Enabled, campaign.State with { Test = test with { Winner = variantId }, Served = served }, cancellation).ConfigureAwait(false);
    }

    /// <summary>A variation a lost answer had created is HubSpot's active variation of the email: asked for, it is found.</summary>
    private async Task<string> CreateVariationAsync(Campaign campaign, string name, CancellationToken cancellation)
    {
        try
        {
            return HubSpotApi.Text((await api.CreateVariationAsync(campaign.Id.EmailId, name, cancellation).ConfigureAwait(false))["id"]);
        }
        catch (ChannelException ex) when (ex is not ChannelUnauthorizedException)
        {
            if (await FindVariationAsync(campaign.Id.EmailId, cancellation).ConfigureAwait(false) is not { } found)
            {
                throw;
            }

            return found;
        }
    }

    private async Task<string?> FindVariationAsync(string emailId, CancellationToken cancellation)
    {
        try
        {
            return HubSpotApi.Text((await api.GetVariationAsync(emailId, cancellation).ConfigureAwait(false))["id"]) is { Length: > 0 } id ? id : null;
        }
        catch (ChannelRefusedException ex) when (ex is not ChannelUnauthorizedException)
        {
            return null;
        }
    }

    /// <summary>An ending retried after its archive landed finds the variation gone (404): that is the state it wants.</summary>
    private async Task ArchiveVariationAsync(string variationEmailId, CancellationToken cancellation)
    {
        try
        {
            await api.ArchiveEmailAsync(variationEmailId, cancellation).ConfigureAwait(false);
        }
        catch (ChannelRefusedException ex) when (ex is not ChannelUnauthorizedException)
        {
        }
    }

    private static JsonObject TestSettings(double pilotShare) => new()
    {
        ["abTestPercentage"] = Math.Clamp((int)Math.Round(pilotShare * 100), 1, 100),
        ["abSuccessMetric"] = "CLICKS_BY_DELIVERED",
        ["abSamplingDefault"] = "master",
        ["abSampleSizeDefault"] = "master",
    };

    private static string Field(string element) =>
        EmailFields.TryGetValue(element, out string? field)
            ? field
            : throw new ChannelRefusedException(Name, $"a test of '{element}' is refused: of an email's elements only the subject line is a field HubSpot's API sets; the others live in the email template's modules");

    private static HubSpotTest Test(Campaign campaign, string testId) =>
        campaign.State.Test is { } test && test.TestId == testId
            ? test
            : throw new ChannelRefusedException(Name, $"campaign {campaign.Id} has no experiment {testId}");
}
